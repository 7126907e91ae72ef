// What invitations read and write, typed from the OpenAPI schema.

import { apiGet, apiPost } from "../api";
import type { components } from "../openapi";
import type { Me } from "../types";

type Schemas = components["schemas"];
export type Invitation = Schemas["Invitation"];
export type InvitationLink = Schemas["InvitationLink"];
export type InvitationRole = Invitation["role"];
export type Paged<T> = { count: number; results: T[] };

export const openLink = (token: string) => apiPost<InvitationLink>("/invitations/link/", { token });
export const acceptLink = (body: {
  token: string;
  password: string;
  first_name?: string;
  last_name?: string;
  language?: string;
}) => apiPost<Me>("/invitations/accept/", body);
export const getInvitations = (member?: number) =>
  apiGet<Paged<Invitation>>(`/invitations/?${member === undefined ? "" : `member=${member}&`}page_size=100`);
export const sendInvitation = (body: { email: string; role: InvitationRole; member?: number; language?: string }) =>
  apiPost<Invitation>("/invitations/", body);
export const resendInvitation = (id: number) => apiPost<Invitation>(`/invitations/${id}/resend/`);
export const revokeInvitation = (id: number) => apiPost<Invitation>(`/invitations/${id}/revoke/`);
