namespace StoreKit.State;

/// <summary>A write refused because of its ETag or a first-write conflict; never retried (R2).</summary>
public class ETagException : Exception
{
    public ETagException(ETagErrorKind kind)
        : this(kind, kind == ETagErrorKind.Mismatch ? "The ETag does not match the stored item." : "The ETag is not valid for this store.")
    {
    }

    public ETagException(ETagErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ETagErrorKind Kind { get; }
}
