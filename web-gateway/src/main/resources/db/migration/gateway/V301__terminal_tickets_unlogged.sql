-- A ticket lives 30 seconds: it needs no write-ahead log. Unlogged, issuing and redeeming one commits without
-- waiting for a WAL flush; a database crash empties the table, and a client simply asks for a new ticket.
alter table terminal_ticket set unlogged;
