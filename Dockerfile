# A small image of ouvert: one static binary, CA certificates for https
# clones, a /tmp for them, and nothing else (no shell, no git); it runs as
# an unprivileged user.
#
#   docker build -t ouvert --build-arg VERSION=v0.1.0 .
#   docker run --rm -v "$PWD:/src:ro" ouvert scan /src
#
# GO_VERSION follows go.mod (a test keeps them in step).
ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /build
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/ouvert ./cmd/ouvert \
    && mkdir -m 1777 /out/tmp

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/tmp /tmp
COPY --from=build /out/ouvert /usr/local/bin/ouvert
ENV HOME=/tmp TMPDIR=/tmp
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/ouvert"]
CMD ["scan", "/src"]
