using StoreKit.Testing.Histories;
using StoreKit.Testing.Persistent;
using StoreKit.Testing.Tests.Faults;

namespace StoreKit.Testing.Tests.Broken;

/// <summary>K6: the persistent suite fails each deliberately broken store in the test for the clause it breaks.</summary>
public class BrokenPersistentStoreTests
{
    [Theory]
    [InlineData(PersistentBreak.MissingItemAsDefault, nameof(PersistentDataStoreTestSuite.P_GET_2_Get_of_an_unknown_key_is_NotFound), "P-GET-2")]
    [InlineData(PersistentBreak.DeletedReadAsNotFound, nameof(PersistentDataStoreTestSuite.P_GET_3_Get_of_a_deleted_item_returns_the_tombstone), "P-GET-3")]
    [InlineData(PersistentBreak.TombstonesFilteredFromGetAll, nameof(PersistentDataStoreTestSuite.P_ALL_1_GetAll_returns_exactly_the_kinds_items_including_tombstones), "P-ALL-1")]
    [InlineData(PersistentBreak.VersionsIgnored, nameof(PersistentDataStoreTestSuite.P_UPS_1_an_older_version_is_kept_out_and_Upsert_returns_false), "P-UPS-1")]
    [InlineData(PersistentBreak.EqualVersionOverwrites, nameof(PersistentDataStoreTestSuite.P_UPS_1_an_equal_version_is_kept_out_and_Upsert_returns_false), "P-UPS-1")]
    [InlineData(PersistentBreak.UpsertAlwaysReturnsTrue, nameof(PersistentDataStoreTestSuite.P_UPS_1_an_older_version_is_kept_out_and_Upsert_returns_false), "P-UPS-1")]
    [InlineData(PersistentBreak.InitKeepsOldItems, nameof(PersistentDataStoreTestSuite.P_INIT_1_Init_replaces_the_items_of_every_kind), "P-INIT-1")]
    [InlineData(PersistentBreak.InitializedNotShared, nameof(PersistentDataStoreTestSuite.P_INIT_2_a_second_instance_sees_the_store_initialized), "P-INIT-2")]
    [InlineData(PersistentBreak.PrefixIgnored, nameof(PersistentDataStoreTestSuite.P_PFX_1_Init_of_one_prefix_never_touches_another), "P-PFX-1")]
    [InlineData(PersistentBreak.ErrorsSwallowed, nameof(PersistentDataStoreTestSuite.P_ERR_1_a_failing_backend_throws_from_every_operation_and_reads_as_not_initialized), "P-ERR-1")]
    [InlineData(PersistentBreak.AvailabilityThrows, nameof(PersistentDataStoreTestSuite.P_ERR_1_a_failing_backend_throws_from_every_operation_and_reads_as_not_initialized), "P-AVL-1")]
    [InlineData(PersistentBreak.NoCompareAndSet, nameof(PersistentDataStoreTestSuite.P_UPS_2_a_higher_concurrent_write_wins_and_Upsert_returns_false), "P-UPS-2")]
    [InlineData(PersistentBreak.EmptyKeyAccepted, nameof(PersistentDataStoreTestSuite.P_ARG_1_bad_arguments_are_rejected_and_nothing_is_written), "P-ARG-1")]
    [InlineData(PersistentBreak.KeysCaseInsensitive, nameof(PersistentDataStoreTestSuite.P_GET_1_keys_and_values_are_stored_verbatim), "P-GET-1")]
    [InlineData(PersistentBreak.KeysNormalized, nameof(PersistentDataStoreTestSuite.P_GET_1_keys_that_differ_only_in_normalization_case_or_whitespace_stay_distinct), "P-GET-1")]
    [InlineData(PersistentBreak.LoneSurrogatesAccepted, nameof(PersistentDataStoreTestSuite.P_ARG_1_a_key_with_a_lone_surrogate_is_refused_and_nothing_is_written), "P-ARG-1")]
    [InlineData(PersistentBreak.NegativeVersionAccepted, nameof(PersistentDataStoreTestSuite.P_ARG_1_a_negative_version_is_refused_and_nothing_is_written), "P-ARG-1")]
    [InlineData(PersistentBreak.KeysCutAtNul, nameof(PersistentDataStoreTestSuite.P_ARG_1_a_NUL_in_a_key_is_stored_verbatim_or_refused_by_name), "P-ARG-1")]
    [InlineData(PersistentBreak.ClearLeavesData, nameof(PersistentDataStoreTestSuite.P_INIT_2_a_cleared_store_is_not_initialized), "P-INIT-2")]
    [InlineData(PersistentBreak.InitializedDuringOutage, nameof(PersistentDataStoreTestSuite.P_ERR_1_a_failing_backend_throws_from_every_operation_and_reads_as_not_initialized), "P-ERR-1")]
    [InlineData(PersistentBreak.DuplicateKindsAccepted, nameof(PersistentDataStoreTestSuite.P_ARG_1_an_Init_naming_a_kind_or_a_key_twice_is_refused_and_nothing_is_written), "P-ARG-1")]
    [InlineData(PersistentBreak.InitIfEmptyChecksOnlyNamedKinds, nameof(PersistentDataStoreTestSuite.P_INIT_3_InitIfEmpty_writes_nothing_where_an_item_of_any_kind_is_stored), "P-INIT-3")]
    [InlineData(PersistentBreak.InitIfEmptySwallowsErrors, nameof(PersistentDataStoreTestSuite.P_ERR_1_a_failing_backend_throws_from_every_operation_and_reads_as_not_initialized), "P-ERR-1")]
    [InlineData(PersistentBreak.InitIfEmptyUnchecked, nameof(PersistentDataStoreTestSuite.P_ARG_1_InitIfEmpty_refuses_what_Init_refuses_and_writes_nothing), "P-ARG-1")]
    [InlineData(PersistentBreak.LargeInitWritesOneBatch, nameof(PersistentDataStoreTestSuite.P_INIT_1_an_Init_larger_than_one_batch_replaces_every_item), "P-INIT-1")]
    [InlineData(PersistentBreak.LargeInitDeletesOneBatch, nameof(PersistentDataStoreTestSuite.P_INIT_1_an_Init_larger_than_one_batch_replaces_every_item), "P-INIT-1")]
    [InlineData(PersistentBreak.KindsJoinedNaively, nameof(PersistentDataStoreTestSuite.P_PFX_1_prefixes_and_kinds_holding_separators_stay_apart), "P-PFX-1")]
    [InlineData(PersistentBreak.PrefixIgnored, nameof(PersistentDataStoreTestSuite.P_PFX_1_prefixes_and_kinds_holding_separators_stay_apart), "P-PFX-1")]
    [InlineData(PersistentBreak.OversizedItemsAccepted, nameof(PersistentDataStoreTestSuite.P_ARG_1_an_item_larger_than_the_backend_holds_is_refused_and_nothing_is_written), "P-ARG-1")]
    [InlineData(PersistentBreak.PrefixInBracesJoinedUnescaped, nameof(PersistentDataStoreTestSuite.P_PFX_1_prefixes_and_kinds_holding_separators_stay_apart), "P-PFX-1")]
    [InlineData(PersistentBreak.InitIfEmptyFindsThePrefixByAnUnescapedPattern, nameof(PersistentDataStoreTestSuite.P_INIT_3_InitIfEmpty_sees_the_items_of_a_prefix_holding_pattern_characters), "P-INIT-3")]
    [InlineData(PersistentBreak.LargeInitIfEmptyAnswersTrueWritingNothing, nameof(PersistentDataStoreTestSuite.P_INIT_3_an_InitIfEmpty_larger_than_one_batch_writes_everything_or_nothing), "P-INIT-3")]
    [InlineData(PersistentBreak.InitLosesLargeItems, nameof(PersistentDataStoreTestSuite.P_GET_1_keys_and_values_are_stored_verbatim), "P-GET-1")]
    [InlineData(PersistentBreak.InitFailsOnAKeyWrittenMeanwhile, nameof(PersistentDataStoreTestSuite.P_THR_2_upserts_racing_an_Init_on_separate_instances_leave_no_key_lowered), "P-THR-2")]
    [InlineData(PersistentBreak.InitIfEmptyNotAtomic, nameof(PersistentDataStoreTestSuite.P_INIT_3_InitIfEmpty_never_deletes_or_lowers_an_item_written_between_its_check_and_its_writes), "P-INIT-3")]
    [InlineData(PersistentBreak.ClearOfTheDefaultPrefixLeavesData, nameof(PersistentDataStoreTestSuite.P_INIT_2_the_default_configuration_works_and_is_shared), "P-INIT-2")]
    [InlineData(PersistentBreak.ItemOfExactlyTheLimitRefused, nameof(PersistentDataStoreTestSuite.P_ARG_1_an_item_of_exactly_the_declared_limit_is_stored_by_Upsert_and_Init), "P-ARG-1")]
    [InlineData(PersistentBreak.KeyOfTheLongestLengthRefused, nameof(PersistentDataStoreTestSuite.P_ARG_1_a_key_of_the_longest_length_is_stored_and_one_longer_refused_by_name), "P-ARG-1")]
    [InlineData(PersistentBreak.LargeItemsReadTornUnderAWriter, nameof(PersistentDataStoreTestSuite.P_THR_2_readers_on_other_instances_read_a_large_item_whole_while_it_is_replaced), "P-THR-2")]
    [InlineData(PersistentBreak.InitDeletesWhatItListedBefore, nameof(PersistentDataStoreTestSuite.P_INIT_1_small_Inits_are_seen_whole_by_readers_and_by_each_other_on_other_instances), "P-INIT-1")]
    [InlineData(PersistentBreak.SmallInitAppliedInSteps, nameof(PersistentDataStoreTestSuite.P_INIT_1_small_Inits_are_seen_whole_by_readers_and_by_each_other_on_other_instances), "P-INIT-1")]
    public async Task A_broken_store_fails_the_test_for_its_clause(PersistentBreak broken, string test, string clause)
    {
        var results = await ConformanceRunner.RunAsync(new Suite(broken));

        var result = Assert.Single(results, r => r.Test == test);
        Assert.True(result.Outcome == ConformanceOutcome.Failed, $"{broken} should fail {test}, but it {result.Outcome}");
        Assert.StartsWith(clause, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_whose_concurrent_upserts_lose_versions_fails_the_history_check_on_separate_instances()
    {
        var results = await ConformanceRunner.RunAsync(new Suite(PersistentBreak.ConcurrentUpsertsLoseVersions), m => m.Name.StartsWith("P_THR_2_writers", StringComparison.Ordinal));

        var result = Assert.Single(results);
        Assert.Equal(ConformanceOutcome.Failed, result.Outcome);
        Assert.StartsWith("P-THR-2", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void K2_the_history_checker_names_the_two_operations_that_break_the_version_rule()
    {
        Assert.Null(VersionHistory.FindViolation([new("k", 2, 0, 10, true), new("k", 1, 5, 15, false), new("k", 3, 20, 30, true)]));
        Assert.Contains("v3", VersionHistory.FindViolation([new("k", 3, 0, 10, true), new("k", 2, 20, 30, true)]), StringComparison.Ordinal);
        Assert.Contains("refused", VersionHistory.FindViolation([new("k", 2, 0, 10, false), new("k", 1, 20, 30, true)]), StringComparison.Ordinal);
        Assert.NotNull(VersionHistory.FindViolation([new("k", 1, 0, 10, true)], initialVersions: new Dictionary<string, int> { ["k"] = 4 }));
        Assert.Contains("lower version", VersionHistory.FindViolation([new("k", 2, 0, 10, true), new("k", 1, 0, 12, true)], [new VersionedRead("k", 1, 20, 30)]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_whose_concurrent_upserts_lose_versions_fails_the_thread_safety_clause()
    {
        var results = await ConformanceRunner.RunAsync(new Suite(PersistentBreak.ConcurrentUpsertsLoseVersions), m => m.Name.StartsWith("P_THR_1", StringComparison.Ordinal));

        Assert.Equal(ConformanceOutcome.Failed, Assert.Single(results).Outcome);
    }

    [Fact]
    public async Task The_same_store_unbroken_passes_every_test()
    {
        var results = await ConformanceRunner.RunAsync(new Suite(PersistentBreak.None), m => !FaultSuitesTests.IsFaultTest(m));

        Assert.All(results, r => Assert.True(r.Outcome == ConformanceOutcome.Passed, $"{r.Test}: {r.Outcome} {r.Reason}"));
        Assert.True(results.Count >= 25, $"only {results.Count} tests ran");
    }

    [Fact]
    public async Task K1_undeclared_capabilities_are_skipped_naming_the_override_that_enables_them()
    {
        var results = await ConformanceRunner.RunAsync(new Suite(PersistentBreak.None, PersistentStoreCapabilities.None), m => !FaultSuitesTests.IsFaultTest(m));

        var skipped = results.Where(r => r.Outcome == ConformanceOutcome.Skipped).ToArray();
        Assert.Equal(9, skipped.Length);
        Assert.All(skipped, r => Assert.Contains("override Capabilities", r.Reason, StringComparison.Ordinal));
        Assert.Contains(skipped, r => r.Reason!.Contains("CreateFailingStoreAsync", StringComparison.Ordinal));
        Assert.Contains(skipped, r => r.Reason!.Contains("SetConcurrentModificationHook", StringComparison.Ordinal));
        Assert.Contains(skipped, r => r.Reason!.Contains("AtomicInit", StringComparison.Ordinal));
        Assert.DoesNotContain(results, r => r.Outcome == ConformanceOutcome.Failed);
    }

    [Fact]
    public void K7_results_render_as_a_Markdown_report()
    {
        var report = ConformanceReport.ToMarkdown("Example", [
            new ConformanceResult("P-GET-2", "P_GET_2_test", ConformanceOutcome.Failed, "P-GET-2: expected NotFound | got default"),
            new ConformanceResult("P-ERR-1", "P_ERR_1_test", ConformanceOutcome.Skipped, "override CreateFailingStoreAsync"),
        ]);

        Assert.Contains("0 passed, 1 failed, 1 skipped", report, StringComparison.Ordinal);
        Assert.Contains("| P-GET-2 | P_GET_2_test | Failed | P-GET-2: expected NotFound \\| got default |", report, StringComparison.Ordinal);
        Assert.Contains("| P-ERR-1 | P_ERR_1_test | Skipped | override CreateFailingStoreAsync |", report, StringComparison.Ordinal);
    }

    /// <summary>Not public: xunit must not run the suite itself against broken stores.</summary>
    private sealed class Suite(PersistentBreak broken, PersistentStoreCapabilities capabilities = PersistentStoreCapabilities.Prefixes | PersistentStoreCapabilities.ErrorStore | PersistentStoreCapabilities.ConcurrentModificationHook | PersistentStoreCapabilities.AtomicInit, int concurrentInstances = 4)
        : PersistentDataStoreTestSuite
    {
        private readonly BrokenPersistentStore.Backend _backend = new();

        protected override PersistentStoreCapabilities Capabilities => capabilities;

        protected override int ConcurrentInstances => concurrentInstances;

        protected override int? MaxItemBytes => BrokenPersistentStore.MaxItemBytes;

        protected override bool MaxItemBytesIsExact => true;

        protected override int? MaxKeyLength => BrokenPersistentStore.MaxKeyLength;

        protected override ValueTask<IPersistentDataStore> CreateStoreAsync(string? prefix) =>
            ValueTask.FromResult<IPersistentDataStore>(new BrokenPersistentStore(_backend, prefix, broken));

        protected override ValueTask ClearDataAsync(string? prefix)
        {
            // ClearLeavesData: the author's harness hook that forgets to clear.
            if (broken != PersistentBreak.ClearLeavesData && !(prefix is null && broken == PersistentBreak.ClearOfTheDefaultPrefixLeavesData))
            {
                _backend.Clear(broken == PersistentBreak.PrefixIgnored ? "" : prefix ?? "default");
            }

            return ValueTask.CompletedTask;
        }

        // The backend held an initialized store before it went down, as the suite recommends, so a store
        // that reads the marker during the outage is caught.
        protected override async ValueTask<IPersistentDataStore> CreateFailingStoreAsync()
        {
            var backend = new BrokenPersistentStore.Backend();
            await using (var healthy = new BrokenPersistentStore(backend, null, PersistentBreak.None))
            {
                await healthy.InitAsync([]);
            }

            return new BrokenPersistentStore(backend, null, broken, failing: true);
        }

        protected override void SetConcurrentModificationHook(IPersistentDataStore store, Func<ValueTask> hook) =>
            ((BrokenPersistentStore)store).Hook = hook;
    }
}
