import {
  Board,
  BoardCreate,
  BoardLayout,
  BoardListQuery,
  BoardPage,
  BoardUpdate,
  SavedQuery,
  SavedQueryCreate,
  SavedQueryListQuery,
  SavedQueryPage,
  SavedQueryUpdate,
  TileCreate,
  TileParams,
  TileUpdate,
} from '@tradeloop/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RouteDeps } from '../deps.js';

const errors = errorResponses;
const tags = ['boards'];

/**
 * Saved queries and boards (custom dashboards) of the operator console. Tiles hold query nodes; the console runs
 * each through `POST /api/query` as the viewer, so a shared board shows each viewer their own scope's numbers.
 */
export const boardRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const saved = deps.market.savedQueries;
    const boards = deps.market.boards;

    app.get(
      '/api/saved-queries',
      {
        schema: {
          tags,
          summary: "The caller's saved queries (admins: all), newest first; ?kind=, ?q= (name)",
          querystring: SavedQueryListQuery,
          response: { 200: SavedQueryPage, ...errors },
        },
      },
      async (request) => saved.list(request.principal, request.query),
    );

    app.post(
      '/api/saved-queries',
      {
        schema: {
          tags,
          summary: 'Save a query node with a name and a view',
          body: SavedQueryCreate,
          response: { 201: SavedQuery, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await saved.create(request.principal, request.body)),
    );

    app.get(
      '/api/saved-queries/:id',
      {
        schema: { tags, summary: 'Get a saved query', params: IdParams, response: { 200: SavedQuery, ...errors } },
      },
      async (request) => saved.get(request.principal, request.params.id),
    );

    app.patch(
      '/api/saved-queries/:id',
      {
        schema: {
          tags,
          summary: 'Rename a saved query, or change its node or view (owner or admin)',
          params: IdParams,
          body: SavedQueryUpdate,
          response: { 200: SavedQuery, ...errors },
        },
      },
      async (request) => saved.update(request.principal, request.params.id, request.body),
    );

    app.delete(
      '/api/saved-queries/:id',
      {
        schema: {
          tags,
          summary: 'Delete a saved query and the tiles that draw it (owner or admin)',
          params: IdParams,
          response: { 204: z.null().describe('Deleted'), ...errors },
        },
      },
      async (request, reply) => {
        await saved.delete(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/boards',
      {
        schema: {
          tags,
          summary: 'Boards the caller sees: their own and those shared by operators of the same scope (admins: all)',
          querystring: BoardListQuery,
          response: { 200: BoardPage, ...errors },
        },
      },
      async (request) => boards.list(request.principal, request.query),
    );

    app.post(
      '/api/boards',
      {
        schema: {
          tags,
          summary: 'Create a board, optionally with its first tiles',
          body: BoardCreate,
          response: { 201: Board, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await boards.create(request.principal, request.body)),
    );

    app.get(
      '/api/boards/:id',
      {
        schema: { tags, summary: 'Get a board with its tiles', params: IdParams, response: { 200: Board, ...errors } },
      },
      async (request) => boards.get(request.principal, request.params.id),
    );

    app.patch(
      '/api/boards/:id',
      {
        schema: {
          tags,
          summary: 'Rename, describe, share or unshare a board (owner or admin)',
          params: IdParams,
          body: BoardUpdate,
          response: { 200: Board, ...errors },
        },
      },
      async (request) => boards.update(request.principal, request.params.id, request.body),
    );

    app.delete(
      '/api/boards/:id',
      {
        schema: {
          tags,
          summary: 'Delete a board and its tiles (owner or admin)',
          params: IdParams,
          response: { 204: z.null().describe('Deleted'), ...errors },
        },
      },
      async (request, reply) => {
        await boards.delete(request.principal, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/boards/:id/tiles',
      {
        schema: {
          tags,
          summary: 'Add a tile at the end: a saved query, or an inline node (saveAs also saves it)',
          params: IdParams,
          body: TileCreate,
          response: { 201: Board, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await boards.addTile(request.principal, request.params.id, request.body)),
    );

    app.patch(
      '/api/boards/:id/tiles/:tileId',
      {
        schema: {
          tags,
          summary: "Change a tile's title, view or size",
          params: TileParams,
          body: TileUpdate,
          response: { 200: Board, ...errors },
        },
      },
      async (request) => boards.updateTile(request.principal, request.params.id, request.params.tileId, request.body),
    );

    app.delete(
      '/api/boards/:id/tiles/:tileId',
      {
        schema: { tags, summary: 'Remove a tile', params: TileParams, response: { 200: Board, ...errors } },
      },
      async (request) => boards.removeTile(request.principal, request.params.id, request.params.tileId),
    );

    app.put(
      '/api/boards/:id/layout',
      {
        schema: {
          tags,
          summary: 'Arrange the tiles: every tile once, in the new order, optionally resized',
          params: IdParams,
          body: BoardLayout,
          response: { 200: Board, ...errors },
        },
      },
      async (request) => boards.setLayout(request.principal, request.params.id, request.body),
    );
  };
