/**
 * The settings of a notification channel, for creating one and for changing one: name, URL, events (checkboxes),
 * format, filter and enabled. The URL is write-only: the server keeps it sealed and shows only its origin, so when
 * changing a channel the field starts empty and an empty field keeps the current URL. Nothing is checked here that
 * the server checks (an empty event list, a non-http URL, a malformed filter id): its problem, with the field's
 * pointer, is shown under the form.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  NOTIFICATION_EVENTS, NOTIFICATION_FORMATS,
  type NotificationChannel, type NotificationEvent, type NotificationFilter, type NotificationFormat,
} from '../../../client/index.ts';
import { CheckboxField, SelectField, TextField } from './fields.tsx';
import { ProblemMessage } from './problem-message.tsx';

type Origin = NonNullable<NotificationFilter['origin']>;
const ORIGINS: readonly { value: Origin | ''; label: string }[] = [
  { value: '', label: 'Any' },
  { value: 'api', label: 'api: started through the API' },
  { value: 'pipeline', label: 'pipeline: a task run' },
  { value: 'trigger-url', label: 'trigger-url: a redeploy trigger' },
  { value: 'image-push', label: 'image-push: an image trigger' },
];

const EVENT_LABELS: Readonly<Record<NotificationEvent, string>> = {
  'record.succeeded': 'Succeeded (record.succeeded)',
  'record.failed': 'Failed (record.failed)',
  'record.stopped': 'Stopped (record.stopped)',
};

const FORMAT_LABELS: Readonly<Record<NotificationFormat, string>> = {
  json: 'json: signed JSON envelope (Standard Webhooks)',
  slack: 'slack: Slack incoming-webhook message',
};

/** What the form holds; text fields as typed. */
export interface ChannelDraft {
  readonly name: string;
  readonly url: string;
  readonly events: readonly NotificationEvent[];
  readonly format: NotificationFormat;
  readonly origin: Origin | '';
  readonly taskId: string;
  readonly triggerId: string;
  readonly clusterId: string;
  readonly enabled: boolean;
}

/** A new channel: the server's defaults (the failure kinds, json, no filter, enabled). */
export const NEW_CHANNEL: ChannelDraft = {
  name: '', url: '', events: ['record.failed', 'record.stopped'], format: 'json', origin: '', taskId: '', triggerId: '', clusterId: '', enabled: true,
};

/** An existing channel's settings; the URL field starts empty (write-only). */
export function draftOf(channel: NotificationChannel): ChannelDraft {
  return {
    name: channel.name, url: '', events: [...channel.events], format: channel.format, origin: channel.filter.origin ?? '',
    taskId: channel.filter.taskId ?? '', triggerId: channel.filter.triggerId ?? '', clusterId: channel.filter.clusterId ?? '', enabled: channel.enabled,
  };
}

/** The filter the draft names, or null when it names none (every record matches). */
export function filterOf(draft: ChannelDraft): NotificationFilter | null {
  const filter: { -readonly [K in keyof NotificationFilter]: NotificationFilter[K] } = {};
  if (draft.origin) filter.origin = draft.origin;
  if (draft.taskId.trim()) filter.taskId = draft.taskId.trim();
  if (draft.triggerId.trim()) filter.triggerId = draft.triggerId.trim();
  if (draft.clusterId.trim()) filter.clusterId = draft.clusterId.trim();
  return Object.keys(filter).length > 0 ? filter : null;
}

/** "origin pipeline, cluster prod", or "every record" for an empty filter. */
export function describeFilter(filter: NotificationFilter): string {
  const parts = [
    filter.origin ? `origin ${filter.origin}` : null,
    filter.taskId ? `task ${filter.taskId}` : null,
    filter.triggerId ? `trigger ${filter.triggerId}` : null,
    filter.clusterId ? `cluster ${filter.clusterId}` : null,
  ].filter((p) => p !== null);
  return parts.length > 0 ? parts.join(', ') : 'every record';
}

export function NotificationChannelForm(props: {
  /** `create`: the URL is required. `edit`: an empty URL keeps the current one, shown as `currentUrl`. */
  mode: 'create' | 'edit';
  initial: ChannelDraft;
  currentUrl?: string;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  /** Resolves true when saved; the edit form then empties the URL field again. */
  onSubmit: (draft: ChannelDraft) => Promise<boolean>;
  onCancel?: () => void;
}): ReactNode {
  const { mode, initial, currentUrl, submitLabel, busy, error, onSubmit, onCancel } = props;
  const [draft, setDraft] = useState<ChannelDraft>(initial);
  const set = (change: Partial<ChannelDraft>) => setDraft((d) => ({ ...d, ...change }));
  const toggleEvent = (event: NotificationEvent, on: boolean) =>
    set({ events: NOTIFICATION_EVENTS.filter((e) => (e === event ? on : draft.events.includes(e))) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onSubmit(draft) && mode === 'edit') set({ url: '' });
  };
  return (
    <form className="form" onSubmit={(e) => { void submit(e); }}>
      <TextField label="Channel name" name="name" value={draft.name} onChange={(name) => set({ name })} required />
      <TextField label={mode === 'create' ? 'URL' : 'New URL'} name="url" type="url" value={draft.url} onChange={(url) => set({ url })}
        required={mode === 'create'} placeholder="https://receiver.example/capstan"
        hint={mode === 'create'
          ? 'Where each message is POSTed: your receiver or a Slack incoming webhook. Stored encrypted; afterwards only its origin is shown.'
          : <>Now <code>{currentUrl}</code>. Leave empty to keep it; the URL is stored encrypted and never shown in full.</>} />
      <fieldset>
        <legend>Events</legend>
        {NOTIFICATION_EVENTS.map((event) => (
          <CheckboxField key={event} label={EVENT_LABELS[event]} checked={draft.events.includes(event)} onChange={(on) => toggleEvent(event, on)} />
        ))}
        <small className="hint">Which record finishes are sent. A test message is sent whatever is chosen here.</small>
      </fieldset>
      <SelectField label="Format" name="format" value={draft.format} onChange={(v) => set({ format: v as NotificationFormat })}
        options={NOTIFICATION_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))} />
      <fieldset>
        <legend>Filter</legend>
        <p className="hint">Optional: only records that match every field given. Empty fields match anything.</p>
        <div className="form-grid">
          <SelectField label="Origin" name="origin" value={draft.origin} onChange={(v) => set({ origin: v as Origin | '' })} options={ORIGINS} />
          <TextField label="Task id" name="taskId" value={draft.taskId} onChange={(taskId) => set({ taskId })} />
          <TextField label="Trigger id" name="triggerId" value={draft.triggerId} onChange={(triggerId) => set({ triggerId })} />
          <TextField label="Cluster id" name="clusterId" value={draft.clusterId} onChange={(clusterId) => set({ clusterId })}
            hint="Directly or through an application." />
        </div>
      </fieldset>
      <CheckboxField label="Enabled" checked={draft.enabled} onChange={(enabled) => set({ enabled })}
        hint="A disabled channel gets no new messages; queued ones are dropped. Send test works anyway." />
      <ProblemMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}
