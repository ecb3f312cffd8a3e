// Stands in for avsc and ajv in the browser bundle (vite.config.mts aliases them here). The what-if parses with
// @charter/schema's own rules and `checkWithLibraries: false`: avsc needs Node's util/stream/Buffer, and ajv compiles
// validators with `new Function`, which the console's CSP forbids. The registry runs both when the schema is sent.
const unavailable = (library: string) => () => {
  throw new Error(`${library} does not run in the console; the registry checks the schema with it`);
};

export const Type = { forSchema: unavailable('avsc') };
export default unavailable('ajv');
