using System.Data.Common;
using FirewallGateway.Storage.Common;
using Npgsql;

namespace FirewallGateway.Storage.Postgres;

/// <summary>A transaction on a pooled connection; commands are reused within the transaction.</summary>
internal sealed class PostgresWriteSession : WriteSession
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly Dictionary<SqlStatement, NpgsqlCommand> _commands = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    public PostgresWriteSession(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public override DbCommand Command(SqlStatement statement)
    {
        if (!_commands.TryGetValue(statement, out var command))
        {
            command = new NpgsqlCommand(null, _connection, _transaction);
            statement.Apply(command);
            _commands.Add(statement, command);
        }

        return command;
    }

    public override DbCommand AdHoc(string text) => new NpgsqlCommand(text, _connection, _transaction);

    public override async ValueTask CommitAsync(CancellationToken cancellationToken) =>
        await _transaction.CommitAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        // Rolls back unless committed, then returns the connection to the pool.
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
