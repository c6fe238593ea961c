/*
 * The epoll chapter's echo server, written anew in plain C: the limit the gateway is measured against.
 *
 *   epoll_echo_server level|edge PORT
 *
 * One thread, one epoll instance, one listener. Each connection is a struct reached through epoll_data.ptr, with a
 * write backlog (the chapter's "Try It"): what send() does not take waits there with EPOLLOUT registered, and while
 * a backlog is above HIGH_WATERMARK the connection stops reading (so a client that does not read costs bounded
 * memory), resuming once the backlog is flushed.
 *
 *   level: read once per notification (epoll reports the socket again while data remains)
 *   edge:  EPOLLET, read until EAGAIN on every notification
 *
 * It speaks the benchmark runner's line protocol on standard input and output, like BenchServer: it prints
 * "@bench READY pid=.. port=..", then answers STATS, GC and QUIT ("@bench ..."). Standard input is a pipe in the
 * same epoll set, so the loop never blocks anywhere else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_EVENTS 1024
#define READ_BUFFER_SIZE (64 * 1024)
#define HIGH_WATERMARK (128 * 1024)
#define ACCEPT_BUDGET 64

struct connection {
	int fd;
	int reading;   /* EPOLLIN (and EPOLLRDHUP) are in the interest mask */
	int closing;   /* the peer sent FIN: flush the backlog, then close */
	char *backlog; /* bytes send() did not take, [offset, length) pending */
	size_t offset;
	size_t length;
	size_t capacity;
};

static int edge;
static int epfd;
static char read_buffer[READ_BUFFER_SIZE];
static struct connection listener_tag, stdin_tag;

static struct {
	long long conns, epoll_waits, reads, eagain_reads, writes, eagain_writes, ctl_add, ctl_mod, messages, accepts;
} stats;

static uint32_t mask_of(const struct connection *c)
{
	uint32_t events = 0;
	if (c->reading)
		events |= EPOLLIN | EPOLLRDHUP;
	if (c->length > c->offset)
		events |= EPOLLOUT;
	return edge ? (events | EPOLLET) : events;
}

static void update_interest(struct connection *c)
{
	struct epoll_event ev = { .events = mask_of(c), .data.ptr = c };
	stats.ctl_mod++;
	if (epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev) < 0)
		perror("epoll_ctl MOD");
}

static void close_connection(struct connection *c)
{
	close(c->fd); /* also removes it from the epoll set */
	free(c->backlog);
	free(c);
	stats.conns--;
}

static int append_backlog(struct connection *c, const char *data, size_t n)
{
	if (c->offset > 0 && c->offset == c->length)
		c->offset = c->length = 0;
	if (c->length + n > c->capacity) {
		size_t capacity = c->capacity ? c->capacity : 4096;
		while (capacity < c->length + n)
			capacity *= 2;
		char *grown = realloc(c->backlog, capacity);
		if (!grown)
			return -1;
		c->backlog = grown;
		c->capacity = capacity;
	}
	memcpy(c->backlog + c->length, data, n);
	c->length += n;
	return 0;
}

/* Sends the backlog until it is empty or the socket is full; returns -1 when the connection must close. */
static int flush_backlog(struct connection *c)
{
	while (c->length > c->offset) {
		ssize_t n = send(c->fd, c->backlog + c->offset, c->length - c->offset, MSG_NOSIGNAL);
		stats.writes++;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				stats.eagain_writes++;
				return 0;
			}
			return -1;
		}
		c->offset += (size_t) n;
	}
	c->offset = c->length = 0;
	return 0;
}

/* Echoes n bytes just read: straight from the read buffer when nothing waits, else behind the backlog. */
static int echo(struct connection *c, size_t n)
{
	size_t sent = 0;
	if (c->length == c->offset) {
		while (sent < n) {
			ssize_t w = send(c->fd, read_buffer + sent, n - sent, MSG_NOSIGNAL);
			stats.writes++;
			if (w < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN || errno == EWOULDBLOCK) {
					stats.eagain_writes++;
					break;
				}
				return -1;
			}
			sent += (size_t) w;
		}
	}
	if (sent < n && append_backlog(c, read_buffer + sent, n - sent) < 0)
		return -1;
	return 0;
}

/* Handles one readiness event; returns -1 when the connection must close. */
static int on_event(struct connection *c, uint32_t events)
{
	if (events & (EPOLLERR | EPOLLHUP))
		return -1;
	uint32_t before = mask_of(c);
	if ((events & EPOLLOUT) && flush_backlog(c) < 0)
		return -1;
	int peer_closed = 0;
	if (c->reading && (events & (EPOLLIN | EPOLLRDHUP))) {
		for (;;) {
			ssize_t n = read(c->fd, read_buffer, sizeof read_buffer);
			stats.reads++;
			if (n > 0) {
				stats.messages++;
				if (echo(c, (size_t) n) < 0)
					return -1;
				if (c->length - c->offset > HIGH_WATERMARK) {
					c->reading = 0;
					break;
				}
				if (!edge)
					break;
				continue;
			}
			if (n == 0) {
				peer_closed = 1;
				break;
			}
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				stats.eagain_reads++;
				break;
			}
			return -1;
		}
	}
	if (peer_closed) {
		c->reading = 0;
		c->closing = 1;
	}
	if (c->closing && c->length == c->offset)
		return -1; /* everything read was echoed */
	if (!c->reading && !c->closing && c->length == c->offset)
		c->reading = 1;
	if (mask_of(c) != before)
		update_interest(c);
	return 0;
}

static void on_listener(int listen_fd)
{
	for (int i = 0; i < ACCEPT_BUDGET; i++) {
		int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		stats.accepts++;
		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
				perror("accept4");
			return;
		}
		struct connection *c = calloc(1, sizeof *c);
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->reading = 1;
		struct epoll_event ev = { .events = mask_of(c), .data.ptr = c };
		stats.ctl_add++;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			perror("epoll_ctl ADD");
			close(fd);
			free(c);
			continue;
		}
		stats.conns++;
	}
}

/* One command line from the runner; returns 1 on QUIT. */
static int on_command(const char *line)
{
	if (strncmp(line, "STATS", 5) == 0) {
		/* counted as the gateway counts them: every epoll_wait, read, send, epoll_ctl and accept4 */
		long long syscalls = stats.epoll_waits + stats.reads + stats.writes + stats.ctl_add + stats.ctl_mod
				+ stats.accepts;
		printf("@bench STATS conns=%lld heapUsed=0 syscalls=%lld messages=%lld epollWaits=%lld reads=%lld"
				" eagainReads=%lld writes=%lld eagainWrites=%lld ctlAdd=%lld ctlMod=%lld accepts=%lld\n",
				stats.conns, syscalls, stats.messages, stats.epoll_waits, stats.reads, stats.eagain_reads,
				stats.writes, stats.eagain_writes, stats.ctl_add, stats.ctl_mod, stats.accepts);
	}
	else if (strncmp(line, "GC", 2) == 0) {
		printf("@bench OK heapUsed=0\n");
	}
	else if (strncmp(line, "QUIT", 4) == 0) {
		printf("@bench BYE\n");
		fflush(stdout);
		return 1;
	}
	else {
		printf("@bench ERROR unknown command %.40s\n", line);
	}
	fflush(stdout);
	return 0;
}

/* Reads what standard input holds and runs every complete line; returns 1 on QUIT or end of input. */
static int on_stdin(void)
{
	static char line[256];
	static size_t used;
	ssize_t n = read(STDIN_FILENO, line + used, sizeof line - 1 - used);
	if (n <= 0)
		return (n == 0 || (errno != EAGAIN && errno != EINTR));
	used += (size_t) n;
	char *start = line, *newline;
	while ((newline = memchr(start, '\n', used - (size_t) (start - line)))) {
		*newline = '\0';
		if (on_command(start))
			return 1;
		start = newline + 1;
	}
	used -= (size_t) (start - line);
	memmove(line, start, used);
	if (used == sizeof line - 1)
		used = 0; /* an overlong line: drop it */
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "level") != 0 && strcmp(argv[1], "edge") != 0)) {
		fprintf(stderr, "usage: %s level|edge PORT\n", argv[0]);
		printf("@bench FAILED usage: level|edge PORT\n");
		return 2;
	}
	edge = strcmp(argv[1], "edge") == 0;
	int port = atoi(argv[2]);

	int listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	setsockopt(listen_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* inherited by accepted sockets */
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t) port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(listen_fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(listen_fd, 1024) < 0) {
		printf("@bench FAILED bind/listen on port %d: %s\n", port, strerror(errno));
		return 2;
	}

	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0) {
		printf("@bench FAILED epoll_create1: %s\n", strerror(errno));
		return 2;
	}
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &listener_tag };
	epoll_ctl(epfd, EPOLL_CTL_ADD, listen_fd, &ev);
	ev.data.ptr = &stdin_tag;
	epoll_ctl(epfd, EPOLL_CTL_ADD, STDIN_FILENO, &ev);

	printf("@bench READY pid=%d port=%d\n", (int) getpid(), port);
	fflush(stdout);

	struct epoll_event events[MAX_EVENTS];
	for (;;) {
		int nready = epoll_wait(epfd, events, MAX_EVENTS, -1);
		stats.epoll_waits++;
		if (nready < 0) {
			if (errno == EINTR)
				continue;
			perror("epoll_wait");
			return 1;
		}
		for (int i = 0; i < nready; i++) {
			struct connection *c = events[i].data.ptr;
			if (c == &listener_tag)
				on_listener(listen_fd);
			else if (c == &stdin_tag) {
				if (on_stdin())
					return 0;
			}
			else if (on_event(c, events[i].events) < 0)
				close_connection(c);
		}
	}
}
