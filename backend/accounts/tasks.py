"""Celery tasks of the accounts app; idempotent by their key (a retry mails nobody twice)."""

from celery import shared_task

from .join_notify import notify_join_approved, notify_join_refused
from .notify import notify_invitation, notify_membership_removed, notify_password_reset

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 10}


@shared_task(**RETRY)
def send_membership_removed(*, user_id: int, context: dict, key: str) -> bool:
    return notify_membership_removed(user_id=user_id, context=context, key=key)


@shared_task(**RETRY)
def send_password_reset(*, user_id: int, link: str) -> bool:
    return notify_password_reset(user_id=user_id, link=link)


@shared_task(**RETRY)
def send_invitation(*, invitation_id: int, token: str, key: str) -> bool:
    return notify_invitation(invitation_id=invitation_id, token=token, key=key)


@shared_task
def purge_expired_invitations() -> int:
    """Daily: delete the invitations nobody accepted once their retention has passed; safe with two beats (each
    deletion is conditional, so an invitation is deleted and audited once)."""
    from .invitations import invitation_purge, invitations_to_purge

    return sum(invitation_purge(invitation_id=pk) for pk in invitations_to_purge())


@shared_task(**RETRY)
def send_join_approved(*, join_request_id: int, key: str) -> bool:
    return notify_join_approved(join_request_id=join_request_id, key=key)


@shared_task(**RETRY)
def send_join_refused(*, join_request_id: int, key: str) -> bool:
    return notify_join_refused(join_request_id=join_request_id, key=key)
