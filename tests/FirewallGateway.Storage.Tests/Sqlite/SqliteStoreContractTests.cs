using FirewallGateway.Storage.Common;
using FirewallGateway.Storage.Sqlite;
using FirewallGateway.Storage.Tests.Contract;

namespace FirewallGateway.Storage.Tests.Sqlite;

/// <summary>The store contract against a real SQLite file, a fresh temp folder per test.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fgw-sqlite-").FullName;

    private string DatabasePath => Path.Combine(_folder, "nested", "gateway.db");

    private protected override RelationalStore OpenStore() => new SqliteStore(DatabasePath, TimeProvider.System);

    protected override Task DeleteDatabaseAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Open_NewFile_UsesWalWithNormalSyncAndForeignKeys()
    {
        var store = (SqliteStore)Store;
        var pragmas = await SqlitePragmas.ReadAsync(store.DatabasePath);

        Assert.Equal("wal", pragmas.JournalMode);
        Assert.True(File.Exists(DatabasePath));
        Assert.Equal(DatabasePath, store.DatabasePath);
    }

    [Fact]
    public async Task BeginWriteAsync_SecondWriter_WaitsUntilTheFirstFinishes()
    {
        var first = await Decisions.BeginWriteAsync(Ct);
        var second = Decisions.BeginWriteAsync(Ct).AsTask();

        // The second writer must still be waiting after the first has done real work.
        await first.InsertDecisionAsync(NewDecision(NextIPv4()), Ct);
        bool waitedWhileFirstOpen = !second.IsCompleted;
        await first.CommitAsync(Ct);
        await first.DisposeAsync();
        await using var next = await second.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.True(waitedWhileFirstOpen, "a second writer got a transaction while the first was open");
        Assert.Equal(1, await Decisions.CountActiveDecisionsAsync(Ct));
    }
}
