using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace StoreKit.Samples.DynamoDb;

/// <summary>
/// A store's table: the client (one the caller owns, or one the store opens for a DynamoDB-compatible
/// endpoint and disposes), and the table itself, created on first use when missing (partition key
/// <c>namespace</c>, sort key <c>key</c>, both strings: LaunchDarkly's schema, which both stores share).
/// A table that disappears (a local server restarted empty) is created again by the next operation.
/// </summary>
public sealed class DynamoDbTable : IDisposable
{
    public const string PartitionKey = "namespace";
    public const string SortKey = "key";

    private static readonly TimeSpan CreationPoll = TimeSpan.FromMilliseconds(100);
    private readonly bool _ownsClient;
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _ready;

    /// <summary>A table reached through a client the caller owns and disposes (an AWS client with its credentials and region).</summary>
    public DynamoDbTable(IAmazonDynamoDB client, string tableName)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        (Client, Name) = (client, tableName);
    }

    /// <summary>
    /// A table on a DynamoDB-compatible endpoint ("http://127.0.0.1:8000"), through a client of the
    /// store's own with placeholder credentials (local servers check none) and no retries, so an
    /// outage fails at once and the caching wrapper polls (W7) instead of callers waiting out back-off.
    /// Each request gives up after <paramref name="timeout"/> (30 s when null).
    /// </summary>
    public DynamoDbTable(string serviceUrl, string tableName, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = serviceUrl,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        (Client, Name, _ownsClient) = (new AmazonDynamoDBClient(new BasicAWSCredentials("storekit", "storekit"), config), tableName, true);
    }

    public IAmazonDynamoDB Client { get; }

    public string Name { get; }

    /// <summary>Runs an operation on the table, creating the table first when it is missing (once more if it vanished meanwhile).</summary>
    public async Task<T> RunAsync<T>(Func<IAmazonDynamoDB, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation(Client, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceNotFoundException)
        {
            _ready = false;
            await EnsureAsync(cancellationToken).ConfigureAwait(false);
            return await operation(Client, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionConflictException conflict)
        {
            // A write that met a transaction under way on the same item: the service is healthy.
            throw new StoreContentionException("DynamoDB refused the write: a transaction on the same item was under way.", conflict);
        }
    }

    /// <summary>Creates the table if it does not exist and waits until it is active; safe when several stores start at once.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!_ready)
            {
                var status = await StatusAsync(cancellationToken).ConfigureAwait(false);
                if (status is null)
                {
                    await CreateAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (status == TableStatus.ACTIVE)
                {
                    _ready = true;
                }
                else
                {
                    await Task.Delay(CreationPoll, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>True when the service answers (the table need not exist yet: the next operation creates it); false, never a throw, when it does not.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StatusAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (IsBackendFailure(exception, cancellationToken))
        {
            return false;
        }
    }

    /// <summary>
    /// The exceptions that mean the service could not be reached, refused the request or did not answer
    /// in time: a cancellation the caller's <paramref name="callerToken"/> did not ask for is the client's
    /// timeout (the SDK reports one as a TimeoutException or as a bare cancellation, P-FLT-2).
    /// </summary>
    public static bool IsBackendFailure(Exception exception, CancellationToken callerToken = default) =>
        exception is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException or ObjectDisposedException or TimeoutException
        || (exception is OperationCanceledException && !callerToken.IsCancellationRequested);

    public void Dispose()
    {
        if (_ownsClient)
        {
            Client.Dispose();
        }

        _creating.Dispose();
    }

    private async Task<TableStatus?> StatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await Client.DescribeTableAsync(new DescribeTableRequest { TableName = Name }, cancellationToken).ConfigureAwait(false);
            return response.Table.TableStatus;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.CreateTableAsync(new CreateTableRequest
            {
                TableName = Name,
                KeySchema = [new KeySchemaElement(PartitionKey, KeyType.HASH), new KeySchemaElement(SortKey, KeyType.RANGE)],
                AttributeDefinitions = [new AttributeDefinition(PartitionKey, ScalarAttributeType.S), new AttributeDefinition(SortKey, ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Another store (or process) is creating it: wait for it to become active like our own.
        }
    }
}
