using StoreKit.State;
using StoreKit.Testing.State;
using StoreKit.Testing.Tests.Faults;

namespace StoreKit.Testing.Tests.Broken;

/// <summary>K6: the state suite fails each deliberately broken store in the test for the clause it breaks.</summary>
public class BrokenStateStoreTests
{
    [Theory]
    [InlineData(StateBreak.ContentionLeaksTheBackendsError, nameof(StateStoreTestSuite.S_TX_2_Multis_over_two_keys_in_opposite_orders_apply_whole_or_fail_as_contention), "S-TX-2")]
    [InlineData(StateBreak.ContentionReportedAfterWriting, nameof(StateStoreTestSuite.S_TX_2_Multis_over_two_keys_in_opposite_orders_apply_whole_or_fail_as_contention), "S-TX-2")]
    [InlineData(StateBreak.BulkGetIgnoresExpiry, nameof(StateStoreTestSuite.S_TTL_1_an_expired_key_reads_as_missing), "S-TTL-1")]
    [InlineData(StateBreak.BulkGetLosesLargeValues, nameof(StateStoreTestSuite.S_LW_1_keys_and_values_are_stored_verbatim), "S-LW-1")]
    [InlineData(StateBreak.EmptyMultiReadsItsFirstOperation, nameof(StateStoreTestSuite.S_BULK_1_bulk_calls_and_a_Multi_with_nothing_in_them_succeed_and_change_nothing), "S-TX-1")]
    [InlineData(StateBreak.ZeroTtlKeepsTheKey, nameof(StateStoreTestSuite.S_TTL_1_a_ttl_of_zero_leaves_the_key_missing), "S-TTL-1")]
    [InlineData(StateBreak.InitChecksNothing, nameof(StateStoreTestSuite.S_INIT_1_Init_of_a_store_whose_backend_cannot_be_reached_fails), "S-INIT-1")]
    [InlineData(StateBreak.MultiLimitUnchecked, nameof(StateStoreTestSuite.S_TX_1_a_Multi_of_the_most_operations_is_applied_and_one_more_is_refused), "S-TX-1")]
    [InlineData(StateBreak.ZeroETagMatchesMissing, nameof(StateStoreTestSuite.S_ETAG_1_an_ETag_the_store_never_gave_writes_nothing_and_fails_only_its_key_in_a_bulk_call), "S-ETAG-1")]
    [InlineData(StateBreak.BulkUnparsableETagFailsTheCall, nameof(StateStoreTestSuite.S_ETAG_1_an_ETag_the_store_never_gave_writes_nothing_and_fails_only_its_key_in_a_bulk_call), "S-BULK-1")]
    [InlineData(StateBreak.ValueOfExactlyTheLimitRefused, nameof(StateStoreTestSuite.S_ARG_1_a_value_of_exactly_the_declared_limit_is_stored_by_every_write), "S-ARG-1")]
    [InlineData(StateBreak.KeyLengthUncheckedOnDelete, nameof(StateStoreTestSuite.S_ARG_1_a_key_of_the_longest_length_is_stored_and_one_longer_refused_by_name), "S-ARG-1")]
    [InlineData(StateBreak.LargeValuesReadTornUnderAWriter, nameof(StateStoreTestSuite.S_LW_1_readers_on_other_instances_read_a_large_value_whole_while_it_is_overwritten), "S-LW-1")]
    [InlineData(StateBreak.OversizedValuesAccepted, nameof(StateStoreTestSuite.S_ARG_1_a_value_larger_than_the_backend_holds_is_refused_and_nothing_is_written), "S-ARG-1")]
    [InlineData(StateBreak.MultiChecksAgainstTheStartState, nameof(StateStoreTestSuite.S_TX_1_checks_inside_Multi_see_its_earlier_operations_and_fail_it_wherever_they_are), "S-TX-1")]
    [InlineData(StateBreak.MultiLaterMismatchMisreported, nameof(StateStoreTestSuite.S_TX_1_checks_inside_Multi_see_its_earlier_operations_and_fail_it_wherever_they_are), "S-TX-1")]
    [InlineData(StateBreak.MissingKeyThrows, nameof(StateStoreTestSuite.S_GET_1_a_missing_key_is_not_an_error), "S-GET-1")]
    [InlineData(StateBreak.TtlNotShared, nameof(StateStoreTestSuite.S_TTL_1_another_instance_sees_the_expiry_time_and_the_expiry), "S-TTL-1")]
    [InlineData(StateBreak.BulkKeysFolded, nameof(StateStoreTestSuite.S_LW_1_keys_are_stored_verbatim_through_BulkSet_BulkGet_BulkDelete_and_Multi), "S-LW-1")]
    [InlineData(StateBreak.TtlIgnoredInBulkAndMulti, nameof(StateStoreTestSuite.S_TTL_1_BulkSet_and_Multi_write_a_TTL_as_Set_does_and_refuse_an_invalid_one), "S-TTL-1")]
    [InlineData(StateBreak.FirstWriteIgnoredInBulkAndMulti, nameof(StateStoreTestSuite.S_FW_1_BulkSet_and_Multi_refuse_a_first_write_of_an_existing_key_as_Set_does), "S-FW-1")]
    [InlineData(StateBreak.BulkGetSkipsMissing, nameof(StateStoreTestSuite.S_GET_1_BulkGet_answers_every_request_missing_keys_included), "S-GET-1")]
    [InlineData(StateBreak.ETagIgnored, nameof(StateStoreTestSuite.S_ETAG_1_a_Set_or_Delete_with_a_wrong_ETag_is_a_Mismatch_and_changes_nothing), "S-ETAG-1")]
    [InlineData(StateBreak.ETagUnchangedOnSet, nameof(StateStoreTestSuite.S_ETAG_1_Get_returns_an_ETag_and_every_Set_changes_it), "S-ETAG-1")]
    [InlineData(StateBreak.ETagRace, nameof(StateStoreTestSuite.S_ETAG_1_of_two_concurrent_writers_with_the_same_ETag_exactly_one_wins), "S-ETAG-1")]
    [InlineData(StateBreak.FirstWriteIgnored, nameof(StateStoreTestSuite.S_FW_1_a_first_write_fails_when_the_key_exists), "S-FW-1")]
    [InlineData(StateBreak.FirstWriteRace, nameof(StateStoreTestSuite.S_FW_1_of_two_concurrent_first_writers_exactly_one_wins), "S-FW-1")]
    [InlineData(StateBreak.LastWriteRefuses, nameof(StateStoreTestSuite.S_LW_1_set_get_and_overwrite_bytes_the_empty_value_and_json), "S-LW-1")]
    [InlineData(StateBreak.NonAtomicMulti, nameof(StateStoreTestSuite.S_TX_1_Multi_is_all_or_nothing), "S-TX-1")]
    [InlineData(StateBreak.MultiReordered, nameof(StateStoreTestSuite.S_TX_1_Multi_applies_operations_in_order), "S-TX-1")]
    [InlineData(StateBreak.BulkStopsAtFirstError, nameof(StateStoreTestSuite.S_BULK_1_a_BulkSet_with_one_wrong_ETag_reports_exactly_that_key_and_applies_the_rest), "S-BULK-1")]
    [InlineData(StateBreak.TtlIgnored, nameof(StateStoreTestSuite.S_TTL_1_an_expired_key_reads_as_missing), "S-TTL-1")]
    [InlineData(StateBreak.ETagUndeclared, nameof(StateStoreTestSuite.S_FEAT_1_declared_features_and_implemented_ones_agree), "S-FEAT-1")]
    [InlineData(StateBreak.EmptyKeyAccepted, nameof(StateStoreTestSuite.S_ARG_1_bad_requests_are_rejected_and_nothing_is_written), "S-ARG-1")]
    [InlineData(StateBreak.LoneSurrogatesAccepted, nameof(StateStoreTestSuite.S_ARG_1_a_key_with_a_lone_surrogate_is_refused_and_nothing_is_written), "S-ARG-1")]
    [InlineData(StateBreak.EmptyETagIsAnETag, nameof(StateStoreTestSuite.S_ETAG_1_an_empty_ETag_means_no_ETag), "S-ETAG-1")]
    [InlineData(StateBreak.BulkGetWithoutETags, nameof(StateStoreTestSuite.S_ETAG_1_BulkGet_returns_the_ETags_Get_returns), "S-ETAG-1")]
    [InlineData(StateBreak.TtlKeptOnOverwrite, nameof(StateStoreTestSuite.S_TTL_1_overwriting_a_key_with_ttl_minus_one_or_none_removes_its_TTL), "S-TTL-1")]
    [InlineData(StateBreak.TtlUndeclared, nameof(StateStoreTestSuite.S_FEAT_1_declared_features_and_implemented_ones_agree), "S-FEAT-1")]
    [InlineData(StateBreak.EmptyValueReadsMissing, nameof(StateStoreTestSuite.S_LW_1_set_get_and_overwrite_bytes_the_empty_value_and_json), "S-LW-1")]
    [InlineData(StateBreak.BulkCallsUnchecked, nameof(StateStoreTestSuite.S_ARG_1_Delete_BulkGet_and_BulkDelete_reject_an_empty_key_and_change_nothing), "S-ARG-1")]
    [InlineData(StateBreak.ETagCheckNotAtomic, nameof(StateStoreTestSuite.S_ETAG_2_a_counter_incremented_with_ETags_by_separate_instances_loses_no_update), "S-ETAG-2")]
    [InlineData(StateBreak.MultiUnchecked, nameof(StateStoreTestSuite.S_ARG_1_a_Multi_with_an_empty_key_is_rejected_and_writes_nothing), "S-ARG-1")]
    public async Task A_broken_store_fails_the_test_for_its_clause(StateBreak broken, string test, string clause)
    {
        var results = await ConformanceRunner.RunAsync(new Suite(broken, separateInstances: OnSeparateInstances(test)), m => m.Name == test);

        var result = Assert.Single(results, r => r.Test == test);
        Assert.True(result.Outcome == ConformanceOutcome.Failed, $"{broken} should fail {test}, but it {result.Outcome}");
        Assert.StartsWith(clause, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_store_unbroken_passes_every_test()
    {
        // The tests on separate instances share one backend, as a server's; the rest get a store each.
        var results = (await ConformanceRunner.RunAsync(new Suite(StateBreak.None), m => !OnSeparateInstances(m.Name) && !FaultSuitesTests.IsFaultTest(m)))
            .Concat(await ConformanceRunner.RunAsync(new Suite(StateBreak.None, separateInstances: true), m => OnSeparateInstances(m.Name)))
            .ToArray();

        Assert.All(results, r => Assert.True(r.Outcome == ConformanceOutcome.Passed, $"{r.Test}: {r.Outcome} {r.Reason}"));
        Assert.True(results.Length >= 23, $"only {results.Length} tests ran");
    }

    [Fact]
    public async Task K1_tests_of_undeclared_features_are_skipped_naming_the_attribute()
    {
        var results = await ConformanceRunner.RunAsync(new Suite(StateBreak.ETagUndeclared), m => !OnSeparateInstances(m.Name) && !FaultSuitesTests.IsFaultTest(m));

        var skipped = results.Where(r => r.Outcome == ConformanceOutcome.Skipped).ToArray();
        Assert.NotEmpty(skipped);
        Assert.All(skipped, r => Assert.Contains("StateStoreFeatures.ETag", r.Reason, StringComparison.Ordinal));
        Assert.All(skipped, r => Assert.Contains("[StateStore(Features = ...)]", r.Reason, StringComparison.Ordinal));
    }

    private static bool OnSeparateInstances(string test) =>
        test.StartsWith("S_ETAG_2", StringComparison.Ordinal) || test.StartsWith("S_FW_2", StringComparison.Ordinal) || test.StartsWith("S_TX_2", StringComparison.Ordinal)
        || test.StartsWith("S_TTL_1_another_instance", StringComparison.Ordinal) || test.StartsWith("S_LW_1_readers_on_other_instances", StringComparison.Ordinal);

    /// <summary>Not public: xunit must not run the suite itself against broken stores.</summary>
    private sealed class Suite(StateBreak broken, bool separateInstances = false) : StateStoreTestSuite
    {
        // Shared only for the tests on separate instances: the in-process runner reuses one suite, so
        // other tests' keys would meet in a shared backend.
        private readonly BrokenStateStore.Backend? _backend = separateInstances ? new() : null;

        protected override bool StoreUsesClock => true;

        protected override int ConcurrentInstances => separateInstances ? 4 : 0;

        protected override int? MaxValueBytes => BrokenStateStore.MaxValueBytes;

        protected override bool MaxValueBytesIsExact => true;

        protected override int? MaxKeyLength => BrokenStateStore.MaxKeyLength;

        protected override int? MaxMultiOperations => BrokenStateStore.MaxMultiOperations;

        protected override ValueTask<IStateStore?> CreateUnreachableStoreAsync() => ValueTask.FromResult<IStateStore?>(new BrokenStateStore(broken, Clock, unreachable: true));

        protected override ValueTask<IStateStore> CreateStoreAsync() => ValueTask.FromResult<IStateStore>(new BrokenStateStore(broken, Clock, _backend));
    }
}
