// A consultancy's portfolio (§3.16): one page of its clients from the control
// plane, riskiest first or by name. One staff check and one Query per page,
// whatever the page size or the number of clients: no per-client reads.
import * as z from 'zod';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import { parseInput } from '../shared/validation';
import type { Actor, ControlPlaneRepository } from './model';
import {
  type ClientStatus,
  PORTFOLIO_ORDERS,
  type PortfolioOrder,
  type PortfolioReader,
} from './portfolio-status';
import { assertConsultancyCan } from './roles';

export interface PortfolioReadDeps {
  controlPlane: ControlPlaneRepository;
  portfolio: PortfolioReader;
  cursors: CursorCodec;
}

const orderSchema = z.enum(PORTFOLIO_ORDERS).nullish();

export async function consultancyPortfolio(
  actor: Actor,
  consultancyId: string,
  orderBy: PortfolioOrder | null | undefined,
  args: ConnectionArgs,
  deps: PortfolioReadDeps,
): Promise<Connection<ClientStatus>> {
  const order = parseInput(orderSchema, orderBy, ['orderBy']) ?? 'RISK';
  const staff = await deps.controlPlane.getConsultancyMembership(actor.userId, consultancyId);
  assertConsultancyCan(staff?.role, 'consultancy.readPortfolio');
  // The cursor is bound to the consultancy and the order: neither can be swapped under it.
  return pagedConnection(`consultancy:${consultancyId}`, `portfolio:${order}`, args, deps.cursors, (page) =>
    deps.portfolio.listClientStatuses(consultancyId, order, page),
  );
}
