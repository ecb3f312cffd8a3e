import { readComposeFile } from './read-compose-file';

describe('readComposeFile', () => {
  it('reads the short syntaxes', () => {
    const { services, volumes } = readComposeFile(`
services:
  app:
    build: .
    ports: ["8081:8081", "127.0.0.1:9000:9090/tcp", "7000"]
    environment: ["A=1", "B=x=y", "C"]
    volumes: ["data:/var/lib/app", "./init:/docker-entrypoint-initdb.d:ro", "/scratch"]
    depends_on: [db]
  db:
    image: postgres:16
volumes:
  data:
`);
    expect(services.app).toEqual({
      name: 'app',
      image: undefined,
      build: { context: '.', dockerfile: undefined },
      environment: { A: '1', B: 'x=y', C: '' },
      ports: [
        { published: '8081', target: 8081 },
        { published: '127.0.0.1:9000', target: 9090 },
        { published: undefined, target: 7000 },
      ],
      volumes: [
        { source: 'data', target: '/var/lib/app' },
        { source: './init', target: '/docker-entrypoint-initdb.d' },
        { source: undefined, target: '/scratch' },
      ],
      dependsOn: { db: 'service_started' },
    });
    expect(services.db?.image).toBe('postgres:16');
    expect(volumes).toEqual(['data']);
  });

  it('reads the long syntaxes, numbers and nulls as the container gets them', () => {
    const { services } = readComposeFile(`
services:
  app:
    build: { context: ., dockerfile: apps/app/Dockerfile }
    ports: [{ target: 5000, published: "5001" }]
    environment: { PORT: 5000, EMPTY: null }
    volumes: [{ type: volume, source: data, target: /data }]
    depends_on: { db: { condition: service_healthy } }
`);
    expect(services.app).toMatchObject({
      build: { context: '.', dockerfile: 'apps/app/Dockerfile' },
      ports: [{ published: '5001', target: 5000 }],
      environment: { PORT: '5000', EMPTY: '' },
      volumes: [{ source: 'data', target: '/data' }],
      dependsOn: { db: 'service_healthy' },
    });
  });
});
