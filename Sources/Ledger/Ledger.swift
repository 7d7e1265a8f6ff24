// Module Ledger: the permissioned chain (identities, transactions, blocks, validation, stores).
