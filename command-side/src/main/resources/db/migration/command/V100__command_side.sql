-- Tables the command side writes in the same transaction as the events it appends.

-- Unique usernames (case-insensitive) without waiting for a read model.
create table username_claim (
    username_lower text primary key check (username_lower = lower(username_lower)),
    user_id        uuid not null
);

-- File content, immutable and content-addressed: hash = lower-case hex SHA-256 of content.
-- Written by the command side, read by the query side and the environment sync.
create table file_blob (
    hash    text primary key check (hash ~ '^[0-9a-f]{64}$'),
    size    bigint not null check (size = octet_length(content)),
    content bytea not null
);

-- Sessions that hold a place under the per-user limit (platform.sessions.max-open-per-user).
create table open_session (
    session_id uuid primary key,
    owner      uuid not null
);

create index open_session_owner_idx on open_session (owner);
