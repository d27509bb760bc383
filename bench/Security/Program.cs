using System.Globalization;
using FirewallGateway.Security.Bench;

// Usage (run.sh drives both against a gateway it starts):
//   logins   <url> <reporter> <password> <known-login> <bad-logins-per-s> <sources> <seconds>
//   overload <url> <reporter> <password> <operator> <operator-password> <connections> <seconds> [load-url]
//            (load-url: where the load goes, e.g. the HTTPS listener; the operator's durability check uses url)
ThreadPool.SetMinThreads(64, 64);
var url = new Uri(args[1].TrimEnd('/') + "/");
int Number(int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
switch (args[0])
{
    case "logins":
        await LoginFlood.RunAsync(url, args[2], args[3], args[4], Number(5), Number(6), Number(7));
        return 0;
    case "overload":
        var loadUrl = args.Length > 8 ? new Uri(args[8].TrimEnd('/') + "/") : url;
        return await Overload.RunAsync(url, loadUrl, args[2], args[3], args[4], args[5], Number(6), Number(7));
    default:
        Console.Error.WriteLine("usage: logins|overload ... (see Program.cs)");
        return 2;
}
