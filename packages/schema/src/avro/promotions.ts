/** Writer type -> reader types that can read it (Avro specification, "Schema Resolution"). */
export const AVRO_PROMOTIONS: Readonly<Record<string, readonly string[]>> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};
