-- Single-use terminal tickets. Only a hash is stored: a database reader cannot replay a ticket.
create table terminal_ticket (
    ticket_hash text        primary key,
    user_id     uuid        not null,
    session_id  uuid        not null,
    may_type    boolean     not null,
    expires_at  timestamptz not null
);
create index terminal_ticket_expiry on terminal_ticket (expires_at);
