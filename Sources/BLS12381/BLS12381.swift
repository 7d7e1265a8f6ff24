// Module BLS12381: the pairing-friendly curve BLS12-381.
