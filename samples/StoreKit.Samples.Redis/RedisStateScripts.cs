namespace StoreKit.Samples.Redis;

/// <summary>
/// The Lua scripts of <see cref="RedisStateStore"/>. Each key is a hash with the fields <c>data</c>
/// (the value's bytes), <c>etag</c> and <c>expires</c> (the moment it expires, in milliseconds since
/// 1970 on the server's clock; empty for a key without a TTL); the expiry itself is the key's own Redis
/// TTL, set to that moment. Keeping the moment in the hash lets a read take the value, the ETag and the
/// expiry in one HMGET, a single command (atomic by itself), where reading the TTL took a second command
/// that a writer could slip between, or a script. A script runs atomically on the server, so its checks
/// and its writes cannot be split by another client's script; but Garnet runs a plain command such as
/// that HMGET between a script's commands (a read found a counter missing while a script rewrote it by
/// DEL then HSET), so a write changes the three fields in one HSET (an empty <c>expires</c>: no expiry)
/// and sets the key's TTL around it, so that a read between two of its commands finds the old value or
/// the new one whole, and neither expires early.
/// </summary>
internal static class RedisStateScripts
{
    /// <summary>ARGV values per operation of <see cref="Write"/>.</summary>
    public const int ArgumentsPerOperation = 6;

    /// <summary>
    /// Applies KEYS[i] with ARGV[6(i-1)+1 … 6i] = operation ("set" or "del"), expected ETag ("" = none),
    /// first-write ("1" or "0"), value, TTL in milliseconds (-1 = none) and the new ETag. Every check
    /// runs first, against the state the earlier operations leave (a key set earlier in the same call
    /// has that call's new ETag), and nothing is written unless all pass: all-or-nothing. Returns 0, or
    /// { index of the failing operation, "etag" or "exists" }.
    /// </summary>
    public const string Write = Functions + "\n" + """
        local etags = {}
        local function current(key)
          local known = etags[key]
          if known == nil then
            known = redis.call('HGET', key, 'etag')
            etags[key] = known
          end
          return known
        end
        for i = 1, #KEYS do
          local reason = failedCheck(i, current(KEYS[i]))
          if reason then return { i, reason } end
          local a = (i - 1) * 6
          if ARGV[a + 1] == 'set' then etags[KEYS[i]] = ARGV[a + 6] else etags[KEYS[i]] = false end
        end
        for i = 1, #KEYS do apply(i) end
        return 0
        """;

    /// <summary>
    /// The writes of a bulk call (S-BULK-1: not a transaction): KEYS and ARGV as in <see cref="Write"/>,
    /// but each operation checked and applied on its own, in order, against what the earlier ones left.
    /// Returns a flat array { index, "etag" or "exists", … } of the operations whose check failed
    /// (nothing of those written); empty when every one was applied. One script call for many keys
    /// spends one round trip and one script invocation, not one of each per key.
    /// </summary>
    public const string WriteEach = Functions + "\n" + """
        local failed = {}
        for i = 1, #KEYS do
          local reason = failedCheck(i, redis.call('HGET', KEYS[i], 'etag'))
          if reason then
            failed[#failed + 1] = i
            failed[#failed + 1] = reason
          else
            apply(i)
          end
        end
        return failed
        """;

    /// <summary>
    /// What both write scripts do with operation i (its ARGV as in <see cref="Write"/>): the check of its
    /// ETag or first-write against the key's current ETag (false when missing), and its write.
    /// </summary>
    private const string Functions = """
        local function failedCheck(i, existing)
          local a = (i - 1) * 6
          if ARGV[a + 2] ~= '' then
            if existing ~= ARGV[a + 2] then return 'etag' end
          elseif ARGV[a + 3] == '1' and existing then
            return 'exists'
          end
          return nil
        end
        local function apply(i)
          local a = (i - 1) * 6
          local ttl = tonumber(ARGV[a + 5])
          if ARGV[a + 1] ~= 'set' or ttl == 0 then
            redis.call('DEL', KEYS[i]) -- a delete, or a TTL of 0: expired as it is written
          elseif ttl < 0 then
            redis.call('PERSIST', KEYS[i])
            redis.call('HSET', KEYS[i], 'data', ARGV[a + 4], 'etag', ARGV[a + 6], 'expires', '')
          else
            local now = redis.call('TIME')
            local expires = string.format('%.0f', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + ttl)
            local existed = redis.call('PEXPIREAT', KEYS[i], expires)
            redis.call('HSET', KEYS[i], 'data', ARGV[a + 4], 'etag', ARGV[a + 6], 'expires', expires)
            if existed == 0 then redis.call('PEXPIREAT', KEYS[i], expires) end
          end
        end
        """;

    /// <summary>The hash fields a read takes, in the order <see cref="RedisStateStore"/> decodes them.</summary>
    public static readonly StackExchange.Redis.RedisValue[] ReadFields = ["data", "etag", "expires"];
}
