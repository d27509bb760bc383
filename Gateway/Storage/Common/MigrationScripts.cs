using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

namespace FirewallGateway.Storage.Common;

/// <summary>One numbered SQL script embedded from Migrations/&lt;Provider&gt;/NNNN_name.sql.</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql);

/// <summary>
/// Finds the embedded migration scripts of a provider and orders them by their number, so a new file
/// (0002_servers.sql) is picked up by dropping it into the folder.
/// </summary>
internal static class MigrationScripts
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<MigrationScript>> Cache = new(StringComparer.Ordinal);

    public static IReadOnlyList<MigrationScript> Load(string folder) => Cache.GetOrAdd(folder, LoadUncached);

    private static IReadOnlyList<MigrationScript> LoadUncached(string folder)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        string prefix = $"{assembly.GetName().Name}.Migrations.{folder}.";
        var scripts = new List<MigrationScript>();
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            string name = resource[prefix.Length..^".sql".Length];
            int underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out int version))
            {
                throw new InvalidOperationException($"migration '{resource}' must be named NNNN_description.sql");
            }

            scripts.Add(new MigrationScript(version, name, Read(assembly, resource)));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"two migrations have number {scripts[i].Version}: {scripts[i - 1].Name}, {scripts[i].Name}");
            }
        }

        return scripts.Count > 0 ? scripts : throw new InvalidOperationException($"no migrations embedded under Migrations/{folder}");
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded migration '{resource}' cannot be read");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
