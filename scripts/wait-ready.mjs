// Waits until a URL answers 200: `node scripts/wait-ready.mjs <url> [timeoutMs]`; exit 1 on timeout.
const [url, timeout = '60000'] = process.argv.slice(2);
const deadline = Date.now() + Number(timeout);
while (Date.now() < deadline) {
  try {
    const response = await fetch(url);
    if (response.ok) process.exit(0);
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}
process.exit(1);
