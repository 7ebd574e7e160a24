import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * Attachments of messages, stored with the message in the send's transaction (the delivery job
 * sends them after a crash too). Contents are kept once per tenant by their SHA-256
 * (`messaging_attachment_blob`); each message lists its files in order
 * (`messaging_message_attachment`), and each mailing the files all its messages share, stored once
 * (`messaging_mailing_attachment`). `attachment_count` on messages and mailings lets the workers skip
 * the attachment query for the (usual) message or mailing without any.
 */
export const messageAttachmentsMigration: Migration = {
  name: '0003_message_attachments',
  async up({ sql }) {
    await sql(`
create table messaging_attachment_blob (
  tenant_id uuid not null references core_tenant(id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea not null,
  size int not null check (size >= 0),
  created_at timestamptz not null default now(),
  primary key (tenant_id, sha256)
);
create table messaging_message_attachment (
  tenant_id uuid not null,
  message_id uuid not null,
  position int not null check (position >= 0),
  sha256 text not null,
  filename text not null,
  content_type text not null,
  size int not null check (size >= 0),
  primary key (tenant_id, message_id, position),
  foreign key (tenant_id, message_id) references messaging_message(tenant_id, id),
  foreign key (tenant_id, sha256) references messaging_attachment_blob(tenant_id, sha256)
);
create index messaging_message_attachment_blob_idx on messaging_message_attachment (tenant_id, sha256);
create table messaging_mailing_attachment (
  tenant_id uuid not null,
  mailing_id uuid not null,
  position int not null check (position >= 0),
  sha256 text not null,
  filename text not null,
  content_type text not null,
  size int not null check (size >= 0),
  primary key (tenant_id, mailing_id, position),
  foreign key (tenant_id, mailing_id) references messaging_mailing(tenant_id, id),
  foreign key (tenant_id, sha256) references messaging_attachment_blob(tenant_id, sha256)
);
create index messaging_mailing_attachment_blob_idx on messaging_mailing_attachment (tenant_id, sha256);
alter table messaging_message add column attachment_count int not null default 0 check (attachment_count >= 0);
alter table messaging_mailing add column attachment_count int not null default 0 check (attachment_count >= 0);
${tenantIsolationSql('messaging_attachment_blob')}
${tenantIsolationSql('messaging_message_attachment')}
${tenantIsolationSql('messaging_mailing_attachment')}
`);
  },
};
