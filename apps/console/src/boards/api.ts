import { api } from '../api/client';
import type { Board, BoardSummary, SavedQuery, TileCreate, TileSize } from './types';

/** The boards API, one function per call the console makes. */
export const boardsApi = {
  list: (owner?: 'mine' | 'shared') =>
    api<{ items: BoardSummary[]; total: number }>('GET', `/api/boards?limit=200${owner ? `&owner=${owner}` : ''}`),
  get: (id: string) => api<Board>('GET', `/api/boards/${encodeURIComponent(id)}`),
  create: (body: { name: string; description?: string; shared?: boolean; tiles?: TileCreate[] }) =>
    api<Board>('POST', '/api/boards', body),
  update: (id: string, body: { name?: string; description?: string; shared?: boolean }) =>
    api<Board>('PATCH', `/api/boards/${encodeURIComponent(id)}`, body),
  remove: (id: string) => api<undefined>('DELETE', `/api/boards/${encodeURIComponent(id)}`),
  addTile: (id: string, tile: TileCreate) => api<Board>('POST', `/api/boards/${encodeURIComponent(id)}/tiles`, tile),
  updateTile: (id: string, tileId: string, body: { title?: string; view?: string; size?: TileSize }) =>
    api<Board>('PATCH', `/api/boards/${encodeURIComponent(id)}/tiles/${encodeURIComponent(tileId)}`, body),
  removeTile: (id: string, tileId: string) =>
    api<Board>('DELETE', `/api/boards/${encodeURIComponent(id)}/tiles/${encodeURIComponent(tileId)}`),
  layout: (id: string, body: { tiles: { id: string; size: TileSize }[] }) =>
    api<Board>('PUT', `/api/boards/${encodeURIComponent(id)}/layout`, body),
  removeSavedQuery: (id: string) => api<undefined>('DELETE', `/api/saved-queries/${encodeURIComponent(id)}`),
};

export type { SavedQuery };
