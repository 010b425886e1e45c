-- Read models. Each row keeps the version (aggregate events applied) it reflects: projections skip events at or
-- below it, so a replay changes nothing, and readers wait on it for read-your-writes.
create table account_view (
    user_id        uuid primary key,
    username       text not null,
    username_lower text not null unique,
    password_hash  text not null,
    reviewer_level int  not null
);

create table workspace_view (
    id      uuid primary key,
    owner   uuid    not null,
    name    text    not null,
    version bigint  not null,
    deleted boolean not null default false
);
create index workspace_view_owner on workspace_view (owner) where not deleted;

create table workspace_entry (
    workspace_id uuid   not null,
    path         text   not null,
    kind         text   not null,
    size         bigint,
    hash         text,
    version      bigint not null,
    primary key (workspace_id, path)
);

create table session_view (
    id           uuid primary key,
    workspace_id uuid   not null,
    owner        uuid   not null,
    status       text   not null,
    step         text,
    reason       text,
    version      bigint not null
);
