using System.Data;
using System.Data.Common;

namespace FirewallGateway.Storage.Common;

/// <summary>
/// One SQL statement and its typed parameters, bound by position. Typed parameters matter for PostgreSQL
/// (a null needs a type) and let SQLite reuse one prepared command for the whole life of the writer.
/// </summary>
internal sealed class SqlStatement
{
    private SqlStatement? _withoutReturningId;

    public SqlStatement(string text, params (string Name, DbType Type)[] parameters)
    {
        Text = text;
        Parameters = parameters;
    }

    public string Text { get; }

    public IReadOnlyList<(string Name, DbType Type)> Parameters { get; }

    /// <summary>
    /// This INSERT without its trailing <c>RETURNING id</c>, for a provider that can read the new row's id
    /// more cheaply (SQLite builds an ephemeral table for every RETURNING clause).
    /// </summary>
    public SqlStatement WithoutReturningId
    {
        get
        {
            if (_withoutReturningId is null)
            {
                const string suffix = " RETURNING id";
                if (!Text.StartsWith("INSERT ", StringComparison.Ordinal) || !Text.EndsWith(suffix, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"not an INSERT ending in '{suffix}': {Text}");
                }

                _withoutReturningId = new SqlStatement(Text[..^suffix.Length], [.. Parameters]);
            }

            return _withoutReturningId;
        }
    }

    /// <summary>Fills <paramref name="command"/> with the text and one parameter per declared name.</summary>
    public void Apply(DbCommand command)
    {
        command.CommandText = Text;
        command.Parameters.Clear();
        foreach (var (name, type) in Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>Sets the values by position (null becomes DBNull).</summary>
    public static void Bind(DbCommand command, params object?[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
