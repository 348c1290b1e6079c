namespace StoreKit.Testing.Tests.Faults;

/// <summary>One deliberate mistake each of a store that talks to its server over TCP; the fault tests must catch every one (K6).</summary>
public enum WireBreak
{
    None,

    /// <summary>A read that fails answers "missing" (NotFound, no data) instead of throwing.</summary>
    ReadFailuresAnswerMissing,

    /// <summary>A call whose token was cancelled answers "missing" or "done" instead of throwing.</summary>
    CancelledCallsAnswer,

    /// <summary>A call given up keeps its connection: its answer, when it comes, is read as the next call's.</summary>
    KeepsConnectionAfterGivingUp,

    /// <summary>A write that fails is reported as done.</summary>
    AcknowledgesFailedWrites,

    /// <summary>
    /// A large item, read in two requests (what the server holds under the key, then the parts of its
    /// value), answers with what is left when a writer replaced it in between and its parts are gone,
    /// instead of reading the key again.
    /// </summary>
    AnswersFromDeletedParts,
}
