// Module ABE: policy language, LSSS matrices, CP-ABE schemes and the record container.
