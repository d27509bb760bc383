namespace FirewallGateway.Adapters.RouterOs.Api;

/// <summary>A command sentence without its tag: the command word, then attribute and query words in order.</summary>
internal sealed class ApiCommand
{
    private readonly List<string> _words;

    public ApiCommand(string command)
    {
        if (!command.StartsWith('/'))
        {
            throw new ArgumentException("A command word starts with '/'.", nameof(command));
        }

        _words = [command];
    }

    public IReadOnlyList<string> Words => _words;

    /// <summary>Adds <c>=name=value</c>.</summary>
    public ApiCommand With(string name, string value)
    {
        _words.Add($"={name}={value}");
        return this;
    }

    /// <summary>Adds a query word such as <c>?list=blocked</c> or <c>?#|</c> (written as given after the '?').</summary>
    public ApiCommand Query(string query)
    {
        _words.Add("?" + query);
        return this;
    }

    public override string ToString() => _words[0];
}
