# syntax=docker/dockerfile:1
# Build: docker build -t showbot .
# Run:   docker run -it -v showbot-data:/data -e ShowBot__Discord__Token=… showbot
# Slack HTTP mode: add -p 3000:3000 -e ShowBot__Slack__Mode=Http -e ShowBot__Slack__SigningSecret=… (TLS in a proxy in front)
# Discord HTTP interactions: add -p 3001:3001 -e ShowBot__Discord__Interactions=Http -e ShowBot__Discord__PublicKey=… (same)
# .dockerignore keeps the host's bin/, obj/ and databases out of the build context.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The image's architecture (amd64, arm64), for ReadyToRun code compiled ahead of time for it.
ARG TARGETARCH
WORKDIR /src
# Restore from the project files only, so the package layer is cached until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ShowBot.Recommender/ShowBot.Recommender.csproj src/ShowBot.Recommender/
COPY src/ShowBot.Core/ShowBot.Core.csproj src/ShowBot.Core/
COPY src/ShowBot.Storage/ShowBot.Storage.csproj src/ShowBot.Storage/
COPY src/ShowBot.Storage.Postgres/ShowBot.Storage.Postgres.csproj src/ShowBot.Storage.Postgres/
COPY src/ShowBot.Slack/ShowBot.Slack.csproj src/ShowBot.Slack/
COPY src/ShowBot.Discord/ShowBot.Discord.csproj src/ShowBot.Discord/
COPY src/ShowBot/ShowBot.csproj src/ShowBot/
RUN dotnet restore src/ShowBot/ShowBot.csproj -a $TARGETARCH
COPY config/ config/
COPY src/ src/
# ReadyToRun: compiled ahead of time, the first answered /recommend comes about a third sooner after a start
# (python3 bench/startup/first-answer.py, with SHOWBOT_DLL naming such a publish).
RUN dotnet publish src/ShowBot/ShowBot.csproj -c Release -a $TARGETARCH --self-contained false -p:PublishReadyToRun=true --no-restore -o /app

# The ASP.NET Core runtime: the HTTP modes of Slack and Discord listen with Kestrel (both adapters reference Microsoft.AspNetCore.App).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown -R app:app /data
USER app
VOLUME /data
ENV ShowBot__Storage__DatabasePath=/data/showbot.db \
    DOTNET_gcServer=0
# Slack's HTTP mode listens here (ShowBot:Slack:HttpUrl), Discord's HTTP interactions on the next (ShowBot:Discord:HttpUrl);
# Socket Mode and the Discord gateway need no open port.
EXPOSE 3000
EXPOSE 3001
# Healthy while the bot owns the database and answers on its control socket; `health` never opens the file itself.
HEALTHCHECK --interval=30s --timeout=15s --start-period=30s --retries=3 CMD ["dotnet", "/app/showbot.dll", "health"]
ENTRYPOINT ["dotnet", "/app/showbot.dll"]
CMD ["run"]
