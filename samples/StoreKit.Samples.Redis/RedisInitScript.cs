namespace StoreKit.Samples.Redis;

/// <summary>
/// The Lua script of <see cref="RedisPersistentDataStore.InitIfEmptyAsync"/> (P-INIT-3): the check that
/// the prefix holds nothing and the Init's writes in one script, which Redis runs with no other
/// client in between. The check is a full SCAN of the keyspace for the prefix's keys, so it costs what
/// the keyspace's size costs, while every other client waits: a recovery does it rarely, and once.
/// </summary>
internal static class RedisInitScript
{
    /// <summary>
    /// KEYS[1] = the marker, KEYS[2…] = the kinds' hashes. ARGV[1] = the SCAN pattern of the prefix's
    /// keys, ARGV[2] = their start (checked byte for byte: a server may match patterns ignoring case),
    /// then per kind: its field count, then field, value, field, value… Returns 1 when it initialized,
    /// 0 when the prefix held a key (nothing written).
    /// </summary>
    public const string InitIfEmpty = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local start = ARGV[2]
        local cursor = '0'
        repeat
          local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
          cursor = page[1]
          for _, key in ipairs(page[2]) do
            if string.sub(key, 1, #start) == start then return 0 end
          end
        until cursor == '0'
        local a = 3
        for k = 2, #KEYS do
          local count = tonumber(ARGV[a])
          a = a + 1
          local i = 0
          while i < count do
            local n = math.min(count - i, 500)
            local chunk = {}
            for j = 0, n - 1 do
              chunk[#chunk + 1] = ARGV[a + 2 * j]
              chunk[#chunk + 1] = ARGV[a + 2 * j + 1]
            end
            redis.call('HSET', KEYS[k], unpack(chunk))
            a = a + 2 * n
            i = i + n
          end
        end
        redis.call('SET', KEYS[1], '')
        return 1
        """;
}
