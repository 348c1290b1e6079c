namespace StoreKit.TestSupport;

/// <summary>
/// The failover tests run alone: they kill servers under a steady load and time the recovery, and
/// other tests' load on the two cores would stretch both theirs and these (a server that answers
/// late reads as one that is down).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverCollection
{
    public const string Name = "Failover";
}
