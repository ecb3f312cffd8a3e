/** The code and message of the error `read` throws; fails the test when it throws nothing (the input was accepted). */
export function refusalOf(read: () => unknown): { code: string; message: string } {
  try {
    read();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('the request was accepted');
}
