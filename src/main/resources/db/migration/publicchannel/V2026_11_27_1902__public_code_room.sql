-- Rooms (and village houses) get door plates with codes too: the registry asks for them (PublicCodes.issueRooms);
-- a report made at a room's plate is linked to the household living there, a tenant registers for that room.
alter table public_code drop constraint public_code_target_kind_check;
alter table public_code add constraint public_code_target_kind_check
    check (target_kind in ('GRID', 'BUILDING', 'ENTERPRISE', 'PLACE', 'ROOM'));
