import { freePort } from './free-port';

it('never hands out one port twice, though nothing listens on them yet (npm start met two alike)', async () => {
  // Of 10,000 candidates, 500 random picks would repeat one almost surely.
  const ports: number[] = [];
  for (let i = 0; i < 500; i++) ports.push(await freePort());
  expect(new Set(ports).size).toBe(500);
  expect(ports.every((port) => port >= 20_000 && port < 30_000)).toBe(true);
});
