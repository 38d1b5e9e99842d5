/*
 * The machine's floor: no HTTP library at all. One blocking TCP socket to the server
 * (TCP_NODELAY), kept alive; per request a full SigV4 signature (as the other clients), the
 * HTTP/1.1 request written with one write(), the reply read until its Content-Length is in.
 * No client on any library can do a sequential round trip with less work than this, so
 * raw / boto3 bounds every "sequential vs boto3" ratio measured against this server.
 *
 * usage: raw_loop PORT SECONDS
 * prints: RESULT client=c-raw requests=... rps=... cpu_us=... threads=... rss_kb=...
 */
#define _GNU_SOURCE
#include "bench_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

/* Reads one response; returns 1 when it is a 200 whose body carries the key ARN. */
static int read_reply(int fd, char *buf, size_t cap) {
    size_t have = 0;
    char *end = NULL;
    while (!end) {
        if (have == cap) return 0;
        ssize_t n = read(fd, buf + have, cap - have);
        if (n <= 0) return 0;
        have += (size_t)n;
        end = memmem(buf, have, "\r\n\r\n", 4);
    }
    size_t head = (size_t)(end - buf) + 4;
    char *length = memmem(buf, head, "Content-Length:", 15);
    if (!length) length = memmem(buf, head, "content-length:", 15);
    if (!length) return 0;
    size_t total = head + strtoul(length + 15, NULL, 10);
    if (total > cap) return 0;
    while (have < total) {
        ssize_t n = read(fd, buf + have, total - have);
        if (n <= 0) return 0;
        have += (size_t)n;
    }
    return strncmp(buf, "HTTP/1.1 200", 12) == 0 && memmem(buf + head, total - head, "\"KeyId\"", 7) != NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s PORT SECONDS\n", argv[0]);
        return 64;
    }
    char host[64];
    snprintf(host, sizeof host, "127.0.0.1:%s", argv[1]);
    double duration = atof(argv[2]);

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        perror("raw_loop: connect");
        return 1;
    }

    sigv4_ctx signer;
    sigv4_init(&signer, host);
    sigv4_out sig;
    static char request[2048], reply[16384];
    long requests = 0, errors = 0, threads = bench_status("Threads");

    double cpu0 = bench_cpu(), t0 = bench_now(), deadline = t0 + duration, t = t0;
    while (t < deadline) {
        sigv4_sign(&signer, BENCH_BODY, sizeof BENCH_BODY - 1, time(NULL), &sig);
        int length = snprintf(request, sizeof request,
                              "POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: " BENCH_CONTENT_TYPE
                              "\r\nX-Amz-Target: " BENCH_TARGET "\r\nX-Amz-Date: %s\r\nAuthorization: %s\r\n"
                              "User-Agent: raw-loop\r\nContent-Length: %zu\r\n\r\n%s",
                              host, sig.amz_date, sig.authorization, sizeof BENCH_BODY - 1, BENCH_BODY);
        if (write(fd, request, (size_t)length) != length || !read_reply(fd, reply, sizeof reply)) {
            if (errors++ == 0) fprintf(stderr, "raw_loop: request failed\n");
            break;
        }
        requests++;
        if ((requests & 255) == 0) {
            long n = bench_status("Threads");
            if (n > threads) threads = n;
        }
        t = bench_now();
    }
    bench_report("c-raw", requests, errors, bench_now() - t0, bench_cpu() - cpu0, threads);
    close(fd);
    sigv4_free(&signer);
    return errors ? 1 : 0;
}
