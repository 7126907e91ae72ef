"""The baseline of benchmark figure 1: a reservation create as a plain Django view.

It sends the SQL that the API's create sends for an approved booking (token, membership, the asset row
lock, opening hours, prices, conflicts, blackouts, quota, the insert, its audit event, charge and cost
share) with a raw cursor, and skips everything else: DRF, serializers, the ORM, rules in Python,
signals, throttling. The API's throughput divided by this one's is the framework's share of the cost.
Served only with tests.bench.settings; never routed in production.
"""

import hashlib
import json
from datetime import datetime

from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

RESERVATION_COLUMNS = (
    '"asset_id", "member_id", "booked_by_id", "start", "end", "blocked_start", "blocked_end", "status", '
    '"title", "notes", "quote", "created_at", "updated_at"'
)


@csrf_exempt
@require_POST
def plain_create(request):
    body = json.loads(request.body)
    token = hashlib.sha256(request.headers.get("Authorization", "").removeprefix("Token ").encode()).hexdigest()
    start, end = datetime.fromisoformat(body["start"]), datetime.fromisoformat(body["end"])
    asset_id = int(body["asset"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.id FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id "
            "WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active",
            [token],
        )
        row = cursor.fetchone()
        if row is None:
            return JsonResponse({"code": "not_authenticated"}, status=401)
        user_id = row[0]
        cursor.execute(
            "SELECT m.member_id, mm.tier FROM accounts_membership m JOIN accounts_member mm ON mm.id = m.member_id "
            "WHERE m.user_id = %s AND mm.is_active LIMIT 2",
            [user_id],
        )
        member_id, _tier = cursor.fetchone()
        with transaction.atomic():
            cursor.execute("SELECT id, group_id, timezone FROM assets_asset WHERE id = %s FOR UPDATE", [asset_id])
            _, group_id, _zone = cursor.fetchone()
            cursor.execute("SELECT weekday, opens, closes FROM assets_openinghours WHERE asset_id = %s", [asset_id])
            cursor.fetchall()
            cursor.execute("SELECT * FROM assets_pricerule WHERE asset_id = %s", [asset_id])
            cursor.fetchall()
            cursor.execute("SELECT * FROM assets_peakwindow WHERE asset_id = %s", [asset_id])
            cursor.fetchall()
            cursor.execute(
                "SELECT id FROM bookings_reservation WHERE asset_id = %s AND status IN ('pending', 'approved') "
                "AND blocked_end > %s AND blocked_start < %s",
                [asset_id, start, end],
            )
            if cursor.fetchall():
                return JsonResponse({"code": "booking_conflict"}, status=409)
            cursor.execute(
                'SELECT id FROM assets_blackout WHERE asset_id = %s AND "end" > %s AND start < %s',
                [asset_id, start, end],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT * FROM bookings_quota WHERE group_id = %s AND member_id = %s FOR UPDATE", [group_id, member_id]
            )
            cursor.fetchall()
            cursor.execute(
                f"INSERT INTO bookings_reservation ({RESERVATION_COLUMNS}) "  # noqa: S608 — constant columns
                "VALUES (%s, %s, %s, %s, %s, %s, %s, 'approved', %s, '', NULL, now(), now()) RETURNING id",
                [asset_id, member_id, user_id, start, end, start, end, body.get("title", "")],
            )
            reservation_id = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO bookings_reservationevent (reservation_id, at, by_id, action, from_status, to_status, "
                "reason, changes) VALUES (%s, now(), %s, 'created', '', 'approved', '', '{}')",
                [reservation_id, user_id],
            )
            cursor.execute(
                "INSERT INTO billing_reservationcharge (reservation_id, kind, currency, net_minor, vat_minor, "
                "total_minor, updated_at) VALUES (%s, 'booked', 'EUR', 10000, 2100, 12100, now())",
                [reservation_id],
            )
            cursor.execute(
                "INSERT INTO billing_costshare (reservation_id, member_id, weight, currency, amount_minor, vat_minor, "
                "state, accepted_amount_minor, accepted_currency, decided_by_id, decided_at, created_at) "
                "VALUES (%s, %s, 1, 'EUR', 12100, 2100, 'accepted', 12100, 'EUR', %s, now(), now())",
                [reservation_id, member_id, user_id],
            )
    return JsonResponse({"id": reservation_id}, status=201)
