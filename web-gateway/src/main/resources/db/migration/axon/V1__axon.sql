-- Axon's JDBC stores, with bytea payloads (STACK.md: JPA would make oid large objects). Unquoted camelCase names
-- fold to lower case, which is what Axon's unquoted queries expect.
create table DomainEventEntry (
    globalIndex         bigserial    not null primary key,
    eventIdentifier     varchar(255) not null unique,
    aggregateIdentifier varchar(255) not null,
    sequenceNumber      bigint       not null,
    type                varchar(255),
    timeStamp           varchar(255) not null,
    payloadType         varchar(255) not null,
    payloadRevision     varchar(255),
    payload             bytea        not null,
    metaData            bytea,
    unique (aggregateIdentifier, sequenceNumber)
);

create table SnapshotEventEntry (
    aggregateIdentifier varchar(255) not null,
    sequenceNumber      bigint       not null,
    type                varchar(255) not null,
    eventIdentifier     varchar(255) not null unique,
    timeStamp           varchar(255) not null,
    payloadType         varchar(255) not null,
    payloadRevision     varchar(255),
    payload             bytea        not null,
    metaData            bytea,
    primary key (aggregateIdentifier, sequenceNumber, type)
);

create table TokenEntry (
    processorName varchar(255) not null,
    segment       integer      not null,
    token         bytea,
    tokenType     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    primary key (processorName, segment)
);

create table SagaEntry (
    sagaId         varchar(255) not null primary key,
    revision       varchar(255),
    sagaType       varchar(255),
    serializedSaga bytea
);

create table AssociationValueEntry (
    id               bigserial    not null primary key,
    associationKey   varchar(255) not null,
    associationValue varchar(255),
    sagaType         varchar(255),
    sagaId           varchar(255)
);
create index association_value_lookup on AssociationValueEntry (sagaType, associationKey, associationValue);
create index association_saga on AssociationValueEntry (sagaId, sagaType);
