import { Type } from 'typebox';
import { createNotificationChannel } from '../../app/notifications/create-notification-channel.ts';
import { deleteNotificationChannel } from '../../app/notifications/delete-notification-channel.ts';
import { getNotificationChannel } from '../../app/notifications/get-notification-channel.ts';
import { listNotificationChannels } from '../../app/notifications/list-notification-channels.ts';
import { listNotificationDeliveries } from '../../app/notifications/list-notification-deliveries.ts';
import { sendTestNotification } from '../../app/notifications/send-test-notification.ts';
import { updateNotificationChannel } from '../../app/notifications/update-notification-channel.ts';
import { DEFAULT_NOTIFICATION_EVENTS } from '../../domain/notification-channel.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, PageQuery, Problem, pageOf } from '../schemas/common.ts';
import {
  CreateNotificationChannelBody, CreatedNotificationChannel, NotificationChannelView, NotificationDeliveryView, QueuedTestView,
  ReplaceNotificationChannelBody, UpdateNotificationChannelBody, notificationChannelView, notificationDeliveryView,
} from '../schemas/notification-channels.ts';

const DESCRIPTION = 'A notification channel hears about deploy records as they finish: one signed POST per matching '
  + 'record (Standard Webhooks headers webhook-id, webhook-timestamp, webhook-signature; the webhook-id stays the same '
  + 'across retries). Messages are queued in the transaction that finishes the record, retried on no answer, 408, 429 '
  + '(Retry-After honoured) and 5xx, and given up at once on other 4xx and on redirects. See README "Notifications".';

/**
 * Notification channels: admin to create, change, delete and test (a channel's URL and secret reach outside);
 * any token may read them, which shows neither the secret nor the URL's path and query.
 */
export function notificationChannelRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['notifications'];
  const page = (q: { limit?: number | undefined; cursor?: string | undefined }) => ({ limit: q.limit ?? 50, cursor: q.cursor ?? null });

  server.post('/api/v1/notification-channels', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create a notification channel; its signing secret is returned once', description: DESCRIPTION,
      body: CreateNotificationChannelBody, response: { 201: CreatedNotificationChannel, 400: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => {
    const { channel, secret } = await createNotificationChannel(deps.app, { accountId: principalOf(request).accountId, ...request.body });
    return reply.code(201).send({ ...notificationChannelView(channel), secret });
  });

  server.get('/api/v1/notification-channels', {
    config: { auth: 'read' },
    schema: {
      tags, summary: 'List notification channels (newest first, without secrets)', querystring: PageQuery,
      response: { 200: pageOf(NotificationChannelView), 400: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const result = await listNotificationChannels(deps.app, principalOf(request).accountId, page(request.query));
    return { items: result.items.map(notificationChannelView), nextCursor: result.nextCursor };
  });

  server.get('/api/v1/notification-channels/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get a notification channel (without its secret)', params: IdParams, response: { 200: NotificationChannelView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => notificationChannelView(await getNotificationChannel(deps.app, principalOf(request).accountId, request.params.id)));

  server.put('/api/v1/notification-channels/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Replace a notification channel', description: 'Omitted optional fields take their defaults (events: the failure kinds; format: json; no filter; enabled). The secret stays.',
      params: IdParams, body: ReplaceNotificationChannelBody, response: { 200: NotificationChannelView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { name, url, events, format, filter, enabled } = request.body;
    const channel = await updateNotificationChannel(deps.app, principalOf(request).accountId, request.params.id, {
      name, url, events: events ?? DEFAULT_NOTIFICATION_EVENTS, format: format ?? 'json', filter: filter ?? null, enabled: enabled ?? true,
    });
    return notificationChannelView(channel);
  });

  server.patch('/api/v1/notification-channels/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Change a notification channel', description: 'Omitted fields keep their value; `filter: null` clears the filter. The secret stays.',
      params: IdParams, body: UpdateNotificationChannelBody, response: { 200: NotificationChannelView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => notificationChannelView(await updateNotificationChannel(deps.app, principalOf(request).accountId, request.params.id, request.body)));

  server.delete('/api/v1/notification-channels/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Delete a notification channel and its delivery log', params: IdParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await deleteNotificationChannel(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });

  server.post('/api/v1/notification-channels/:id/test', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Queue a test message to the channel (sent even when it is disabled)',
      description: 'The message (type notification.test) goes through the same queue, signing and format as record notifications; its attempts appear under …/deliveries.',
      params: IdParams, response: { 202: QueuedTestView, 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => reply.code(202).send(await sendTestNotification(deps.app, principalOf(request).accountId, request.params.id)));

  server.get('/api/v1/notification-channels/:id/deliveries', {
    config: { auth: 'read' },
    schema: {
      tags, summary: 'List the channel\'s delivery attempts, newest first', params: IdParams, querystring: PageQuery,
      response: { 200: pageOf(NotificationDeliveryView), 400: Problem, 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const result = await listNotificationDeliveries(deps.app, principalOf(request).accountId, request.params.id, page(request.query));
    return { items: result.items.map(notificationDeliveryView), nextCursor: result.nextCursor };
  });
}
