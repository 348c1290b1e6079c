namespace StoreKit;

/// <summary>
/// A write the backend refused because another writer held or changed what it needed at the same
/// moment (a PostgreSQL deadlock or serialization failure, a DynamoDB transaction conflict): the
/// server is healthy and nothing of the write was applied, so it is not an outage. A store throws it
/// in place of the backend's error (as the inner exception); the wrappers then publish no
/// unavailability, and the state wrapper retries it under the request's policy like an outage error.
/// </summary>
public class StoreContentionException : Exception
{
    public StoreContentionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
