namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// DynamoDB's own limits, and the sizes the stores plan with so that what the service would refuse
/// half-way is refused by name before anything is written.
/// </summary>
public static class DynamoDbLimits
{
    /// <summary>The most UTF-8 bytes a sort key (an item key) may have.</summary>
    public const int MaxSortKeyBytes = 1024;

    /// <summary>The most UTF-8 bytes a partition key (a namespace) may have.</summary>
    public const int MaxPartitionKeyBytes = 2048;

    /// <summary>
    /// The largest item the stores write in one piece: DynamoDB's 400 KB, rounded down as
    /// LaunchDarkly's stores do, since the service counts attribute names and some overhead too.
    /// </summary>
    public const int MaxItemBytes = 400_000;

    /// <summary>The bytes of a value kept in each part item when a value is larger than one item holds.</summary>
    public const int PartBytes = 350_000;

    /// <summary>
    /// The largest value (a serialized item, a state value) the stores accept: 24 parts, so that one
    /// BatchWriteItem (25 items, 16 MB) writes them all. Larger values are refused by name.
    /// </summary>
    public const int MaxValueBytes = 24 * PartBytes;

    /// <summary>The most items one TransactWriteItems call may write.</summary>
    public const int MaxTransactionItems = 100;

    /// <summary>
    /// The largest state value kept inside its key's item: larger ones go to parts, so that a
    /// transaction of 100 items stays under TransactWriteItems' 4 MB.
    /// </summary>
    public const int MaxInlineStateValueBytes = 32 * 1024;

    /// <summary>The most items one BatchWriteItem call may carry.</summary>
    public const int BatchWriteItems = 25;

    /// <summary>The most keys one BatchGetItem call may ask for.</summary>
    public const int BatchGetKeys = 100;
}
