using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace StoreKit.Samples.DynamoDb.Tests.ServiceRules;

/// <summary>
/// DynamoDB's documented rules that moto does not apply, applied to a client's requests before they
/// reach moto: the state suite runs on moto (dynalite has no transactions), and a store that breaks
/// one of these rules would pass there and fail on the service. Refused requests get the service's
/// own error response (a <c>ValidationException</c>, a <c>TransactionCanceledException</c> with a
/// <c>TransactionConflict</c> reason), so the store sees exactly what DynamoDB would answer; every
/// other request reaches moto unchanged. Written here because no served package checks DynamoDB
/// requests offline (moto and dynalite are the checkers, and each skips some of these).
/// </summary>
internal static class DynamoDbServiceRules
{
    /// <summary>A client to <paramref name="serviceUrl"/> whose requests obey the service's rules, with the stores' own settings (no retries).</summary>
    public static AmazonDynamoDBClient Client(string serviceUrl) => new(
        new BasicAWSCredentials("storekit", "storekit"),
        new AmazonDynamoDBConfig
        {
            ServiceURL = serviceUrl,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new Factory(),
        });

    private sealed class Factory : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(new SocketsHttpHandler()));

        // One HttpClient per client: separate store instances keep separate connections, as without the rules.
        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }

    private sealed class Handler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var operation = request.Headers.TryGetValues("X-Amz-Target", out var targets) ? targets.First().Split('.')[^1] : "";
            if (request.Content is null)
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) as JsonObject ?? [];
            if (RequestRules.Violation(operation, body) is { } violation)
            {
                return Error("ValidationException", new JsonObject { ["message"] = violation });
            }

            if (operation != "TransactWriteItems")
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var items = TransactionConflicts.ItemsOf(body);
            if (!TransactionConflicts.TryHold(items, out var reasons))
            {
                return Error("TransactionCanceledException", new JsonObject
                {
                    ["Message"] = $"Transaction cancelled, please refer cancellation reasons for specific reasons [{string.Join(", ", reasons.Select(r => r?["Code"]))}]",
                    ["CancellationReasons"] = reasons,
                });
            }

            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                TransactionConflicts.Release(items);
            }
        }

        private static HttpResponseMessage Error(string type, JsonObject body)
        {
            body["__type"] = $"com.amazonaws.dynamodb.v20120810#{type}";
            return new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.0"),
            };
        }
    }
}
