/**
 * The pipeline's claim in one round trip, as the bench's bare servers run it: the update's
 * dedup insert and, only when it is new, the chat's transaction lock (claimUpdate's SQL,
 * without the chat row). $1 the update id, $2 the chat id; one row, `claimed` 1 or 0.
 */
export const CLAIM_UPDATE_SQL = `with claimed as (
         insert into telegram_update_dedup (bot_id, update_id) values ('pro', $1)
         on conflict do nothing returning 1
       ), locked as (
         select pg_advisory_xact_lock(hashtextextended('pro:' || $2::text, 0)) from claimed
       )
       select (select count(*) from claimed)::int as claimed, (select count(*) from locked)::int`;
