// What the My company page reads and writes, typed from the OpenAPI schema.

import { apiDelete, apiGet, apiPatch, apiPost } from "../api";
import type { components } from "../openapi";

type Schemas = components["schemas"];
export type Person = Schemas["Person"];
export type Removal = Schemas["Removal"];
export type Overview = Schemas["CompanyOverview"];
export type Month = Schemas["Month"];
export type CostCentre = Schemas["CostCentre"];
export type Company = Schemas["Member"];
export type CompanyChanges = Schemas["PatchedMemberUpdateRequest"];
export type MemberRole = Person["role"];

export const getOverview = (member: number) => apiGet<Overview>(`/members/${member}/overview/`);
export const getPeople = (member: number) => apiGet<Person[]>(`/members/${member}/people/`);
export const setRole = (membership: number, role: MemberRole) =>
  apiPatch<Person>(`/memberships/${membership}/`, { role });
export const previewRemoval = (membership: number) => apiGet<Removal>(`/memberships/${membership}/removal/`);
export const removePerson = (membership: number) => apiDelete<Removal>(`/memberships/${membership}/`);
export const getCompanies = () => apiGet<Company[]>("/members/");
export const updateCompany = (member: number, changes: CompanyChanges) =>
  apiPatch<Company>(`/members/${member}/`, changes);
export const getCostCentres = (member: number) => apiGet<CostCentre[]>(`/members/${member}/cost-centres/`);
export const addCostCentre = (member: number, code: string, name: string) =>
  apiPost<CostCentre>(`/members/${member}/cost-centres/`, { code, name });
export const setCostCentreActive = (id: number, active: boolean) =>
  apiPatch<CostCentre>(`/cost-centres/${id}/`, { active });

export type JoinRequest = Schemas["JoinRequest"];
export type EmailDomain = Schemas["EmailDomain"];
export const getJoinRequests = (member: number) => apiGet<JoinRequest[]>(`/members/${member}/join-requests/`);
export const approveJoin = (request: number, role: MemberRole) =>
  apiPost<Person>(`/join-requests/${request}/approve/`, { role });
export const refuseJoin = (request: number) => apiPost<JoinRequest>(`/join-requests/${request}/refuse/`);
export const getEmailDomains = (member: number) => apiGet<EmailDomain[]>(`/members/${member}/email-domains/`);
export const addEmailDomain = (member: number, domain: string) =>
  apiPost<EmailDomain>(`/members/${member}/email-domains/`, { domain });
export const removeEmailDomain = (id: number) => apiDelete(`/email-domains/${id}/`);
