import { ShutdownPlan } from '../src/lifecycle/shutdown-plan';

describe('ShutdownPlan', () => {
  it('runs its steps in order, once, however often it is asked', async () => {
    const ran: string[] = [];
    const plan = new ShutdownPlan()
      .add('http', async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ran.push('http');
      })
      .add('database', () => {
        ran.push('database');
      });
    await Promise.all([plan.run(), plan.run()]);
    await plan.run();
    expect(ran).toEqual(['http', 'database']);
  });

  it('says which steps are pending while it runs: what a deadline would abandon', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    const plan = new ShutdownPlan()
      .add('readiness', () => undefined)
      .add('http', () => stuck)
      .add('database', () => undefined);
    expect(plan.pending).toEqual(['readiness', 'http', 'database']);
    const running = plan.run();
    await new Promise((resolve) => setImmediate(resolve));
    expect(plan.pending).toEqual(['http', 'database']);
    release();
    await running;
    expect(plan.pending).toEqual([]);
  });

  it('runs the remaining steps after one fails, then rejects naming the failed step', async () => {
    const ran: string[] = [];
    const plan = new ShutdownPlan()
      .add('kafka consumer', () => Promise.reject(new Error('broker gone')))
      .add('database', () => {
        ran.push('database');
      });
    await expect(plan.run()).rejects.toThrow("shutdown step 'kafka consumer' failed");
    expect(ran).toEqual(['database']);
  });
});
