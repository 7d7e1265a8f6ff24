// Module Vault: the use cases that tie ABE, Tuner and Ledger together.
