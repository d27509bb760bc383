var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapPost("/api/v1/reports", async (HttpRequest request) =>
{
    var buffer = new byte[4096];
    while (await request.Body.ReadAsync(buffer) > 0)
    {
    }

    return Results.Ok();
});
app.Run();
