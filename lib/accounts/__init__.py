"""Accounts, sign-in and the audit trail.

    users      the users table (akun): add, change, delete, list; an admin's work, audited
    signin     local sign-in (argon2id hashes, a growing delay after repeated failures of a login at a client
               address and of an address), an admin's unlock, OIDC e-mail matching, the command line's named account
    audit      the audit trail: record an action outside a store write, list it

The role and districts of a person always come from the users table, whichever way they signed in.
"""

from __future__ import annotations

from lib.accounts.audit import audit_log  # noqa: F401
from lib.accounts.signin import (  # noqa: F401
    ADDRESS_LOCK_AFTER,
    LOCK_AFTER,
    UNKNOWN,
    cli_principal,
    cli_via,
    lockout,
    oidc_principal,
    sign_in,
    unlock,
)
from lib.accounts.users import (  # noqa: F401
    add_user,
    any_account,
    any_admin,
    change_user,
    delete_user,
    first_admin,
    get_user,
    list_users,
    normal_login,
    principal_of,
)
from lib.principal import ADMIN, OPERATOR, PEMBACA, ROLE_HELP, ROLES, SYSTEM, Principal  # noqa: F401
