-- The dashboard's sign-ins, kept on the server so that every instance of the API behind a load
-- balancer knows them and signing out ends them everywhere. The browser holds only a random
-- value; these tables hold its SHA-256, so a copy of them signs no one in.

-- A sign-in under way at an identity provider: what the answer must match (state, nonce) and
-- the PKCE verifier. Used once, within minutes.
CREATE TABLE dashboard_sign_ins (
    digest        bytea       PRIMARY KEY,
    provider      text        NOT NULL,
    state         text        NOT NULL,
    nonce         text        NOT NULL,
    code_verifier text        NOT NULL,
    back_to       text        NOT NULL,
    expires_at    timestamptz NOT NULL
);

-- A person signed in: who, through which provider (none for a token), the ID token the
-- provider's sign-out asks for, and the token's digest for a sign-in with a token, so that a
-- token taken out of the configuration ends its sessions too.
CREATE TABLE dashboard_sessions (
    digest       bytea       PRIMARY KEY,
    person       jsonb       NOT NULL,
    provider     text,
    id_token     text,
    token_digest bytea,
    expires_at   timestamptz NOT NULL
);
