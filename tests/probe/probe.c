/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * probe: a small static program the integration tests run inside the
 * sandbox to observe facts from there.
 *
 *   probe COMMAND [ARGS...]
 *
 * Each command prints its result on stdout (one line unless it lists
 * something) and exits 0 on success, 1 when the operation failed (the
 * line is then the errno name, such as EROFS), 2 on a usage error.
 * Run "probe help" for the list of commands and their arguments.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/macro.h"

#define EXIT_USAGE 2
#define SCRATCH_DIR "/tmp/probe-mnt"
#define SCRATCH_NODE "/tmp/probe-sda"
#define MISSING_PATH "/nonexistent-sandwrap-probe"
#define X32_SYSCALL_BIT 0x40000000L

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef FSCONFIG_CMD_CREATE
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef UMOUNT_NOFOLLOW
#define UMOUNT_NOFOLLOW 8
#endif

extern char **environ;

struct command {
	const char *name;
	const char *args;
	int min_args;
	int max_args; /* -1: no limit */
	int (*run)(int argc, char **argv);
};

struct syscall_probe {
	const char *name;
	long (*run)(const char *arg);
};

struct mnt_entry {
	int id;
	int parent;
	char *target;
	char *options;
};

struct mnt_table {
	struct mnt_entry *v;
	size_t n;
};

/* --- output ------------------------------------------------------------ */

static const char *errno_name(int err)
{
	static char buf[16];
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

/* Print OK or the errno name of the failed step; @r is 0 or -errno. */
static int report(long r)
{
	if (r < 0) {
		printf("%s\n", errno_name((int)-r));
		return EXIT_FAILURE;
	}
	printf("OK\n");
	return EXIT_SUCCESS;
}

static int report_errno(void)
{
	return report(-errno);
}

static long neg_errno(long r)
{
	return r < 0 ? -errno : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* A seccomp filter that traps instead of killing still gives a result. */
static void on_sigsys(int sig)
{
	static const char msg[] = "SIGSYS\n";

	(void)!write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	_exit(EXIT_FAILURE);
}

/* --- files --------------------------------------------------------------- */

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_file(const char *path, int flags, const char *text)
{
	_cleanup_close_ int fd = open(path, flags | O_WRONLY | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	return write_all(fd, text, strlen(text));
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "probe: %s\n", msg);
	return EXIT_USAGE;
}

static int cmd_write(int argc, char **argv)
{
	return report(write_file(argv[0], O_CREAT | O_TRUNC, "x"));
}

static int cmd_append(int argc, char **argv)
{
	_cleanup_free_ char *line = NULL;

	if (asprintf(&line, "%s\n", argv[1]) < 0)
		return report(-ENOMEM);
	return report(write_file(argv[0], O_CREAT | O_APPEND, line));
}

static int cmd_read(int argc, char **argv)
{
	_cleanup_close_ int fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	char buf[4096];
	ssize_t n;

	if (fd < 0)
		return report_errno();
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		return report_errno();
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("%s\n", buf);
	return EXIT_SUCCESS;
}

static int cmd_touch(int argc, char **argv)
{
	_cleanup_close_ int fd = open(
		argv[0], O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK | O_CLOEXEC,
		0644);

	if (fd < 0)
		return report_errno();
	return report(neg_errno(futimens(fd, NULL)));
}

static int cmd_mkdir(int argc, char **argv)
{
	return report(neg_errno(mkdir(argv[0], 0755)));
}

static int cmd_mknod(int argc, char **argv)
{
	mode_t type;

	if (sw_streq(argv[1], "b"))
		type = S_IFBLK;
	else if (sw_streq(argv[1], "c"))
		type = S_IFCHR;
	else
		return usage_error("mknod: type must be b or c");
	return report(neg_errno(mknod(argv[0], type | 0600,
				      makedev(atoi(argv[2]), atoi(argv[3])))));
}

static int cmd_mkfifo(int argc, char **argv)
{
	return report(neg_errno(mkfifo(argv[0], 0600)));
}

static int cmd_exists(int argc, char **argv)
{
	struct stat st;

	return report(neg_errno(lstat(argv[0], &st)));
}

static const char *file_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "file";
	case S_IFDIR:
		return "dir";
	case S_IFLNK:
		return "link";
	case S_IFBLK:
		return "block";
	case S_IFCHR:
		return "char";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	}
	return "unknown";
}

static int cmd_stat(int argc, char **argv)
{
	struct stat st;

	if (lstat(argv[0], &st) < 0)
		return report_errno();
	printf("type=%s mode=%04o uid=%u gid=%u\n", file_type(st.st_mode),
	       (unsigned int)(st.st_mode & 07777), st.st_uid, st.st_gid);
	return EXIT_SUCCESS;
}

static int cmd_ls(int argc, char **argv)
{
	DIR *dir = opendir(argv[0]);
	char **names = NULL;
	size_t count = 0;
	struct dirent *de;

	if (!dir)
		return report_errno();
	while ((de = readdir(dir))) {
		char **grown;

		if (sw_streq(de->d_name, ".") || sw_streq(de->d_name, ".."))
			continue;
		grown = realloc(names, (count + 1) * sizeof(*names));
		if (!grown)
			break;
		names = grown;
		names[count] = strdup(de->d_name);
		if (!names[count])
			break;
		count++;
	}
	closedir(dir);
	qsort(names, count, sizeof(*names), cmp_str);
	for (size_t i = 0; i < count; i++) {
		printf("%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	return EXIT_SUCCESS;
}

static int cmd_readlink(int argc, char **argv)
{
	char buf[4096];
	ssize_t n = readlink(argv[0], buf, sizeof(buf) - 1);

	if (n < 0)
		return report_errno();
	buf[n] = '\0';
	printf("%s\n", buf);
	return EXIT_SUCCESS;
}

/* --- mounts -------------------------------------------------------------- */

struct flag_name {
	unsigned long flag;
	const char *name;
};

static const struct flag_name statvfs_flags[] = {
	{ST_NOSUID, "nosuid"},
	{ST_NODEV, "nodev"},
	{ST_NOEXEC, "noexec"},
#ifdef ST_NOSYMFOLLOW
	{ST_NOSYMFOLLOW, "nosymfollow"},
#endif
};

static int cmd_mount_flags(int argc, char **argv)
{
	struct statvfs sv;

	if (statvfs(argv[0], &sv) < 0)
		return report_errno();
	printf("%s", (sv.f_flag & ST_RDONLY) ? "ro" : "rw");
	for (size_t i = 0; i < SW_ARRAY_SIZE(statvfs_flags); i++)
		if (sv.f_flag & statvfs_flags[i].flag)
			printf(",%s", statvfs_flags[i].name);
	printf("\n");
	return EXIT_SUCCESS;
}

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* Undo the \ooo escapes of mountinfo (space, tab, newline, backslash). */
static void unescape_octal(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && is_octal(s[1]) && is_octal(s[2]) &&
		    is_octal(s[3])) {
			*out++ = (char)(((s[1] - '0') << 6) |
					((s[2] - '0') << 3) | (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/* Split one mountinfo line: ID PARENT DEV ROOT TARGET OPTIONS ... */
static int parse_mountinfo(char *line, struct mnt_entry *e)
{
	char *fields[6];
	char *save = NULL;

	line[strcspn(line, "\n")] = '\0';
	for (size_t i = 0; i < SW_ARRAY_SIZE(fields); i++) {
		fields[i] = strtok_r(i ? NULL : line, " ", &save);
		if (!fields[i])
			return -EINVAL;
	}
	e->id = atoi(fields[0]);
	e->parent = atoi(fields[1]);
	unescape_octal(fields[4]);
	e->target = strdup(fields[4]);
	e->options = strdup(fields[5]);
	if (!e->target || !e->options) {
		free(e->target);
		free(e->options);
		return -ENOMEM;
	}
	return 0;
}

static void free_mounts(struct mnt_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].target);
		free(t->v[i].options);
	}
	free(t->v);
}

static int add_mount(struct mnt_table *t, char *line)
{
	struct mnt_entry *grown;
	struct mnt_entry e;

	if (parse_mountinfo(line, &e) < 0)
		return 0;
	grown = realloc(t->v, (t->n + 1) * sizeof(*t->v));
	if (!grown) {
		free(e.target);
		free(e.options);
		return -ENOMEM;
	}
	t->v = grown;
	t->v[t->n++] = e;
	return 0;
}

static int load_mounts(struct mnt_table *t)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	_cleanup_free_ char *line = NULL;
	size_t size = 0;
	int r = 0;

	*t = (struct mnt_table){0};
	if (!f)
		return -errno;
	while (r == 0 && getline(&line, &size, f) > 0)
		r = add_mount(t, line);
	fclose(f);
	if (r < 0)
		free_mounts(t);
	return r;
}

static const struct mnt_entry *find_mount(const struct mnt_table *t, int id)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].id == id)
			return &t->v[i];
	return NULL;
}

/* Is @path @target itself or below it?  @target has no trailing slash. */
static bool path_at_or_below(const char *path, const char *target)
{
	size_t len = strlen(target);

	if (sw_streq(target, "/"))
		return true;
	return strncmp(path, target, len) == 0 &&
	       (path[len] == '\0' || path[len] == '/');
}

/*
 * Does @n cover the way to @m?  @a is a mount on the chain from the root
 * to @m and @next its child on that chain (@m itself when @a is @m).  A
 * child of @a mounted at or above where the chain leaves @a hides the
 * rest of the chain; so does a mount stacked on @m itself.
 */
static bool covers(const struct mnt_entry *n, const struct mnt_entry *a,
		   const struct mnt_entry *next)
{
	if (n == next || n->parent != a->id)
		return false;
	if (a == next)
		return sw_streq(n->target, next->target);
	return path_at_or_below(next->target, n->target);
}

/* Shadowed mounts cannot be reached by path and are left out. */
static bool mount_hidden(const struct mnt_table *t, const struct mnt_entry *m)
{
	const struct mnt_entry *next = m;

	for (const struct mnt_entry *a = m; a;
	     next = a, a = find_mount(t, a->parent)) {
		for (size_t i = 0; i < t->n; i++)
			if (covers(&t->v[i], a, next))
				return true;
		if (a->parent == a->id)
			break;
	}
	return false;
}

typedef int (*mount_visitor)(const struct mnt_entry *e, void *data);

/* Call @visit for every reachable mount at or below @path until it
 * returns nonzero. */
static int for_each_mount_under(const char *path, mount_visitor visit,
				void *data)
{
	struct mnt_table t;
	int r = load_mounts(&t);

	for (size_t i = 0; r == 0 && i < t.n; i++)
		if (path_at_or_below(t.v[i].target, path) &&
		    !mount_hidden(&t, &t.v[i]))
			r = visit(&t.v[i], data);
	free_mounts(&t);
	return r;
}

static void strip_trailing_slashes(char *path)
{
	size_t len = strlen(path);

	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
}

static bool option_set(const char *options, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = options; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, name, len) == 0 &&
		    (p[len] == ',' || p[len] == '\0'))
			return true;
	}
	return false;
}

static int print_mount(const struct mnt_entry *e, void *data)
{
	printf("%s %s\n", e->target, e->options);
	return 0;
}

static int cmd_mounts_under(int argc, char **argv)
{
	int r;

	strip_trailing_slashes(argv[0]);
	r = for_each_mount_under(argv[0], print_mount, NULL);
	return r < 0 ? report(r) : EXIT_SUCCESS;
}

static int first_writable(const struct mnt_entry *e, void *data)
{
	if (option_set(e->options, "ro"))
		return 0;
	printf("%s %s\n", e->target, e->options);
	return 1;
}

/*
 * The mount holding PATH must be read-only (statvfs), and so must every
 * reachable mount at or below PATH, judged by its per-mount options.
 */
static int cmd_all_ro_under(int argc, char **argv)
{
	struct statvfs sv;
	int r;

	strip_trailing_slashes(argv[0]);
	if (statvfs(argv[0], &sv) < 0)
		return report_errno();
	if (!(sv.f_flag & ST_RDONLY)) {
		printf("%s rw\n", argv[0]);
		return EXIT_FAILURE;
	}
	r = for_each_mount_under(argv[0], first_writable, NULL);
	if (r < 0)
		return report(r);
	return r ? EXIT_FAILURE : report(0);
}

/* --- process ------------------------------------------------------------- */

static bool status_field(const char *line, const char *field)
{
	size_t len = strlen(field);

	return strncmp(line, field, len) == 0 && line[len] == ':';
}

static int print_status_field(FILE *f, const char *field)
{
	_cleanup_free_ char *line = NULL;
	size_t size = 0;

	rewind(f);
	while (getline(&line, &size, f) > 0) {
		char *value;

		if (!status_field(line, field))
			continue;
		value = line + strlen(field) + 1;
		value += strspn(value, " \t");
		value[strcspn(value, "\n")] = '\0';
		printf("%s: %s\n", field, value);
		return 0;
	}
	printf("%s: ENOENT\n", field);
	return -ENOENT;
}

static int cmd_status(int argc, char **argv)
{
	FILE *f = fopen("/proc/self/status", "re");
	int rc = EXIT_SUCCESS;

	if (!f)
		return report_errno();
	for (int i = 0; i < argc; i++)
		if (print_status_field(f, argv[i]) < 0)
			rc = EXIT_FAILURE;
	fclose(f);
	return rc;
}

static int cmd_id(int argc, char **argv)
{
	gid_t groups[256];
	int n = getgroups((int)SW_ARRAY_SIZE(groups), groups);

	if (n < 0)
		return report_errno();
	printf("uid=%u gid=%u groups=", getuid(), getgid());
	for (int i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", groups[i]);
	printf("\n");
	return EXIT_SUCCESS;
}

static int cmd_pid(int argc, char **argv)
{
	printf("pid=%d ppid=%d\n", getpid(), getppid());
	return EXIT_SUCCESS;
}

static int cmd_hostname(int argc, char **argv)
{
	struct utsname u;

	if (uname(&u) < 0)
		return report_errno();
	printf("%s\n", u.nodename);
	return EXIT_SUCCESS;
}

static int cmd_cwd(int argc, char **argv)
{
	char buf[4096];

	if (!getcwd(buf, sizeof(buf)))
		return report_errno();
	printf("%s\n", buf);
	return EXIT_SUCCESS;
}

/* Fill @fds with the open descriptors except @skip; returns the count. */
static int list_fds(int *fds, int max)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!dir) {
		for (int fd = 0; fd < 1024 && n < max; fd++)
			if (fcntl(fd, F_GETFD) >= 0)
				fds[n++] = fd;
		return n;
	}
	while ((de = readdir(dir)) && n < max) {
		int fd;

		if (de->d_name[0] == '.')
			continue;
		fd = atoi(de->d_name);
		if (fd != dirfd(dir))
			fds[n++] = fd;
	}
	closedir(dir);
	qsort(fds, (size_t)n, sizeof(*fds), cmp_int);
	return n;
}

static int cmd_fds(int argc, char **argv)
{
	int fds[1024];
	int n = list_fds(fds, (int)SW_ARRAY_SIZE(fds));

	for (int i = 0; i < n; i++)
		printf("%s%d", i ? " " : "", fds[i]);
	printf("\n");
	return EXIT_SUCCESS;
}

static int cmd_fd_links(int argc, char **argv)
{
	int fds[1024];
	int n = list_fds(fds, (int)SW_ARRAY_SIZE(fds));

	for (int i = 0; i < n; i++) {
		char link[64], target[4096];
		ssize_t len;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", fds[i]);
		len = readlink(link, target, sizeof(target) - 1);
		if (len < 0)
			snprintf(target, sizeof(target), "%s",
				 errno_name(errno));
		else
			target[len] = '\0';
		printf("%d %s\n", fds[i], target);
	}
	return EXIT_SUCCESS;
}

static int cmd_env(int argc, char **argv)
{
	size_t n = 0;
	char **copy;

	while (environ[n])
		n++;
	copy = calloc(n + 1, sizeof(*copy));
	if (!copy)
		return report(-ENOMEM);
	memcpy(copy, environ, n * sizeof(*copy));
	qsort(copy, n, sizeof(*copy), cmp_str);
	for (size_t i = 0; i < n; i++)
		printf("%s\n", copy[i]);
	free(copy);
	return EXIT_SUCCESS;
}

/* --- signals ------------------------------------------------------------- */

static const struct {
	int sig;
	const char *name;
} trapped_signals[] = {
	{SIGHUP, "HUP"},   {SIGINT, "INT"},   {SIGQUIT, "QUIT"},
	{SIGUSR1, "USR1"}, {SIGUSR2, "USR2"}, {SIGWINCH, "WINCH"},
	{SIGTERM, "TERM"},
};

static int trap_fd = -1;

static void on_trapped_signal(int sig)
{
	for (size_t i = 0; i < SW_ARRAY_SIZE(trapped_signals); i++) {
		const char *name = trapped_signals[i].name;

		if (trapped_signals[i].sig != sig)
			continue;
		(void)!write(trap_fd, name, strlen(name));
		(void)!write(trap_fd, "\n", 1);
	}
	if (sig == SIGTERM)
		_exit(EXIT_SUCCESS);
}

/*
 * Record every trapped signal in FILE, one name a line; exit 0 after TERM.
 * FILE is created once the handlers are in place, so a test can wait for
 * it before it sends the first signal.
 */
static int cmd_sleep_trap(int argc, char **argv)
{
	struct sigaction sa = {.sa_handler = on_trapped_signal};

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < SW_ARRAY_SIZE(trapped_signals); i++)
		sigaddset(&sa.sa_mask, trapped_signals[i].sig);
	for (size_t i = 0; i < SW_ARRAY_SIZE(trapped_signals); i++)
		if (sigaction(trapped_signals[i].sig, &sa, NULL) < 0)
			return report_errno();
	trap_fd =
		open(argv[0], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (trap_fd < 0)
		return report_errno();
	printf("READY\n");
	fflush(stdout);
	for (;;)
		pause();
}

/* --- sockets ------------------------------------------------------------- */

static int cmd_bind_port(int argc, char **argv)
{
	_cleanup_close_ int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)atoi(argv[0])),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int one = 1;

	if (fd < 0)
		return report_errno();
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return report(
		neg_errno(bind(fd, (struct sockaddr *)&sin, sizeof(sin))));
}

static long connect_unix(const char *path, int type)
{
	_cleanup_close_ int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	struct sockaddr_un sun = {.sun_family = AF_UNIX};

	if (fd < 0)
		return -errno;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	return neg_errno(connect(fd, (struct sockaddr *)&sun, sizeof(sun)));
}

static int cmd_connect_unix(int argc, char **argv)
{
	long r = connect_unix(argv[0], SOCK_STREAM);

	if (r == -EPROTOTYPE)
		r = connect_unix(argv[0], SOCK_DGRAM);
	return report(r);
}

/* --- handles of other processes ------------------------------------------ */

/* Is mount @id part of this process's mount table? */
static bool mount_visible(int id)
{
	struct mnt_table t;
	bool found;

	if (load_mounts(&t) < 0)
		return true;
	found = find_mount(&t, id) != NULL;
	free_mounts(&t);
	return found;
}

static int fd_mount_id(int fd)
{
	char path[64];
	char line[256];
	FILE *f;
	int id = -1;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "mnt_id: %d", &id) == 1)
			break;
	fclose(f);
	return id;
}

/*
 * A handle counts as a leak when it could be opened and lies on a mount
 * this process cannot see (the host's), or when an executable could be
 * opened for writing.  Pipes and sockets shared with the caller are not
 * file system handles and are left out.
 */
static bool leaked_handle(const char *path, int flags)
{
	_cleanup_close_ int fd =
		open(path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	int id;

	if (fd < 0 || fstat(fd, &st) < 0)
		return false;
	if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
		return false;
	if ((flags & O_ACCMODE) != O_RDONLY)
		return true;
	id = fd_mount_id(fd);
	return id >= 0 && !mount_visible(id);
}

static int report_leak(const char *path, int flags)
{
	if (!leaked_handle(path, flags))
		return 0;
	printf("%s %s\n", path, (flags & O_ACCMODE) == O_RDONLY ? "r" : "w");
	return 1;
}

static int scan_fds_of(int pid)
{
	char dirpath[64];
	struct dirent *de;
	DIR *dir;
	int leaks = 0;

	snprintf(dirpath, sizeof(dirpath), "/proc/%d/fd", pid);
	dir = opendir(dirpath);
	if (!dir)
		return 0;
	while ((de = readdir(dir))) {
		char path[96];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%d", dirpath,
			 atoi(de->d_name));
		leaks += report_leak(path, O_RDONLY);
	}
	closedir(dir);
	return leaks;
}

static int scan_pid(int pid)
{
	static const struct {
		const char *entry;
		int flags;
	} handles[] = {
		{"exe", O_RDONLY},
		{"exe", O_WRONLY},
		{"root", O_RDONLY | O_DIRECTORY},
		{"cwd", O_RDONLY | O_DIRECTORY},
	};
	int leaks = 0;

	for (size_t i = 0; i < SW_ARRAY_SIZE(handles); i++) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/%s", pid,
			 handles[i].entry);
		leaks += report_leak(path, handles[i].flags);
	}
	return leaks + scan_fds_of(pid);
}

static int scan_all_pids(void)
{
	DIR *dir = opendir("/proc");
	struct dirent *de;
	int leaks = 0;

	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		int pid = atoi(de->d_name);

		if (pid <= 0 || pid == getpid())
			continue;
		leaks += scan_pid(pid);
	}
	closedir(dir);
	return leaks;
}

/*
 * Try to open the exe, root, cwd and fds of every other visible process,
 * for SECONDS (default: one pass).  Prints each leaked handle, else OK.
 */
static int cmd_exe_scan(int argc, char **argv)
{
	time_t end = time(NULL) + (argc > 0 ? atoi(argv[0]) : 0);
	int leaks;

	do {
		leaks = scan_all_pids();
		if (leaks < 0)
			return report(leaks);
		if (leaks > 0)
			return EXIT_FAILURE;
	} while (time(NULL) < end);
	return report(0);
}

/* --- raw system calls ---------------------------------------------------- */

/*
 * Each attempt uses arguments that make it harmless when it is allowed:
 * invalid magic, missing paths, the probe's own namespaces or scratch
 * paths under /tmp.  Some return an errno such as EINVAL or ENOENT when
 * the call got past the permission checks; the comment says which.
 */

static long try_getpid(const char *arg)
{
	return neg_errno(syscall(SYS_getpid));
}

/* A scratch tmpfs on /tmp/probe-mnt, unmounted at once. */
static long try_mount(const char *arg)
{
	const char *target = SCRATCH_DIR;
	bool made = mkdir(target, 0700) == 0;
	long r;

	if (!made && errno != EEXIST)
		target = "/tmp";
	r = neg_errno(syscall(SYS_mount, "probe", target, "tmpfs",
			      MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k"));
	if (r == 0)
		umount2(target, MNT_DETACH);
	if (made)
		rmdir(target);
	return r;
}

/* /proc/self is never a mount point: EINVAL when allowed. */
static long try_umount2(const char *arg)
{
	return neg_errno(syscall(SYS_umount2, "/proc/self", UMOUNT_NOFOLLOW));
}

/* Missing new root: ENOENT when allowed. */
static long try_pivot_root(const char *arg)
{
	return neg_errno(syscall(SYS_pivot_root, MISSING_PATH, MISSING_PATH));
}

static long try_chroot(const char *arg)
{
	return neg_errno(syscall(SYS_chroot, "/"));
}

static long try_unshare(int flags)
{
	return neg_errno(syscall(SYS_unshare, flags));
}

static long try_unshare_user(const char *arg)
{
	return try_unshare(CLONE_NEWUSER);
}

static long try_unshare_mount(const char *arg)
{
	return try_unshare(CLONE_NEWNS);
}

static long try_unshare_net(const char *arg)
{
	return try_unshare(CLONE_NEWNET);
}

static long try_unshare_pid(const char *arg)
{
	return try_unshare(CLONE_NEWPID);
}

static long try_unshare_ipc(const char *arg)
{
	return try_unshare(CLONE_NEWIPC);
}

static long try_unshare_uts(const char *arg)
{
	return try_unshare(CLONE_NEWUTS);
}

static long try_unshare_cgroup(const char *arg)
{
	return try_unshare(CLONE_NEWCGROUP);
}

static long wait_child(long pid)
{
	int status;

	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(0);
	waitpid((pid_t)pid, &status, 0);
	return 0;
}

static long try_clone_newuser(const char *arg)
{
	return wait_child(
		syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0));
}

/* The first version of struct clone_args (CLONE_ARGS_SIZE_VER0). */
struct probe_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
		stack_size, tls;
};

static long clone3_with(uint64_t flags)
{
	struct probe_clone_args args = {.flags = flags, .exit_signal = SIGCHLD};

	return wait_child(syscall(SYS_clone3, &args, sizeof(args)));
}

static long try_clone3(const char *arg)
{
	return clone3_with(0);
}

static long try_clone3_newuser(const char *arg)
{
	return clone3_with(CLONE_NEWUSER);
}

/* Join our own UTS namespace again; EBADF without /proc. */
static long try_setns(const char *arg)
{
	_cleanup_close_ int fd =
		open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);

	return neg_errno(syscall(SYS_setns, fd, CLONE_NEWUTS));
}

static long try_keyctl(const char *arg)
{
	return neg_errno(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
				 KEY_SPEC_PROCESS_KEYRING, 1));
}

/* A key in the process keyring, gone when the probe exits. */
static long try_add_key(const char *arg)
{
	return neg_errno(syscall(SYS_add_key, "user", "sandwrap-probe", "x",
				 (size_t)1, KEY_SPEC_PROCESS_KEYRING));
}

/* No such key and no callout: ENOKEY when allowed. */
static long try_request_key(const char *arg)
{
	return neg_errno(syscall(SYS_request_key, "user",
				 "sandwrap-probe-missing", NULL,
				 KEY_SPEC_PROCESS_KEYRING));
}

/* A one-entry array map, closed at once. */
static long try_bpf(const char *arg)
{
	union bpf_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	fd = syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
	if (fd < 0)
		return -errno;
	close((int)fd);
	return 0;
}

/* A task clock counter on the probe itself, user space only. */
static long try_perf_event_open(const char *arg)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_TASK_CLOCK,
		.disabled = 1,
		.exclude_kernel = 1,
		.exclude_hv = 1,
	};
	long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);

	if (fd < 0)
		return -errno;
	close((int)fd);
	return 0;
}

static long try_userfaultfd(const char *arg)
{
	long fd = syscall(SYS_userfaultfd, O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close((int)fd);
	return 0;
}

struct probe_handle {
	struct file_handle fh;
	unsigned char bytes[MAX_HANDLE_SZ];
};

static long try_name_to_handle_at(const char *arg)
{
	struct probe_handle h = {.fh.handle_bytes = MAX_HANDLE_SZ};
	int mount_id;

	return neg_errno(syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &h.fh,
				 &mount_id, 0));
}

/* Reopen "/" by handle (a made-up one if the lookup is refused). */
static long try_open_by_handle_at(const char *arg)
{
	struct probe_handle h = {.fh.handle_bytes = MAX_HANDLE_SZ};
	_cleanup_close_ int root =
		open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int mount_id;
	long fd;

	if (syscall(SYS_name_to_handle_at, AT_FDCWD, "/", &h.fh, &mount_id, 0) <
	    0) {
		h.fh.handle_bytes = 8;
		h.fh.handle_type = 1;
	}
	fd = syscall(SYS_open_by_handle_at, root, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close((int)fd);
	return 0;
}

#ifdef SYS_iopl
static long try_iopl(const char *arg)
{
	long r = neg_errno(syscall(SYS_iopl, 3));

	if (r == 0)
		syscall(SYS_iopl, 0);
	return r;
}
#else
static long try_iopl(const char *arg)
{
	return -ENOSYS;
}
#endif

#ifdef SYS_ioperm
static long try_ioperm(const char *arg)
{
	long r = neg_errno(syscall(SYS_ioperm, 0x80, 1, 1));

	if (r == 0)
		syscall(SYS_ioperm, 0x80, 1, 0);
	return r;
}
#else
static long try_ioperm(const char *arg)
{
	return -ENOSYS;
}
#endif

/* Missing swap file: ENOENT when allowed. */
static long try_swapon(const char *arg)
{
	return neg_errno(syscall(SYS_swapon, MISSING_PATH, 0));
}

/* Wrong magic numbers: EINVAL when allowed, it can never reboot. */
static long try_reboot(const char *arg)
{
	return neg_errno(
		syscall(SYS_reboot, 0, 0, LINUX_REBOOT_CMD_CAD_OFF, NULL));
}

/* Too many segments: EINVAL when allowed (never 0, which unloads). */
static long try_kexec_load(const char *arg)
{
#ifdef SYS_kexec_load
	return neg_errno(syscall(SYS_kexec_load, 0, 1000, NULL, 0));
#else
	return -ENOSYS;
#endif
}

/* An empty image: ENOEXEC or EINVAL when allowed. */
static long try_init_module(const char *arg)
{
	return neg_errno(syscall(SYS_init_module, "", 0, ""));
}

/* Missing accounting file: ENOENT when allowed. */
static long try_acct(const char *arg)
{
	return neg_errno(syscall(SYS_acct, MISSING_PATH));
}

/* Neither time nor zone given: does nothing when allowed. */
static long try_settimeofday(const char *arg)
{
	return neg_errno(syscall(SYS_settimeofday, NULL, NULL));
}

/* Set the host name it already has. */
static long try_sethostname(const char *arg)
{
	struct utsname u;

	if (uname(&u) < 0)
		return -errno;
	return neg_errno(
		syscall(SYS_sethostname, u.nodename, strlen(u.nodename)));
}

static long try_personality(const char *arg)
{
	long old = syscall(SYS_personality, PER_LINUX32);

	if (old < 0)
		return -errno;
	syscall(SYS_personality, old);
	return 0;
}

/* Seize (no stop) PID, default 1; the probe's exit detaches it. */
static long try_ptrace_attach(const char *arg)
{
	pid_t pid = arg ? (pid_t)atoi(arg) : 1;

	return neg_errno(syscall(SYS_ptrace, PTRACE_SEIZE, pid, 0, 0));
}

static long try_mknod_block(const char *arg)
{
	const char *path = arg ? arg : SCRATCH_NODE;
	long r = neg_errno(mknod(path, S_IFBLK | 0600, makedev(8, 0)));

	if (r == 0)
		unlink(path);
	return r;
}

/* getpid through the x32 entry point. */
static long try_x32(const char *arg)
{
	return neg_errno(syscall(39 | X32_SYSCALL_BIT));
}

static long tiocsti(unsigned long request, const char *arg)
{
	const char *text = arg ? arg : "";

	return neg_errno(syscall(SYS_ioctl, STDIN_FILENO, request, text));
}

/* Pushes TEXT (default a NUL byte) into the input of the tty on fd 0. */
static long try_ioctl_tiocsti(const char *arg)
{
	return tiocsti(TIOCSTI, arg);
}

/* The same request with bit 32 set: the kernel ignores the upper bits. */
static long try_ioctl_tiocsti_hibits(const char *arg)
{
	return tiocsti((unsigned long)TIOCSTI | (1UL << 32), arg);
}

static long close_result(long fd)
{
	if (fd < 0)
		return -errno;
	close((int)fd);
	return 0;
}

static long try_fsopen(const char *arg)
{
	return close_result(syscall(SYS_fsopen, "tmpfs", 0));
}

/* A detached copy of "/", dropped at once. */
static long try_open_tree(const char *arg)
{
	return close_result(
		syscall(SYS_open_tree, AT_FDCWD, "/", OPEN_TREE_CLONE));
}

static long try_fspick(const char *arg)
{
	return close_result(syscall(SYS_fspick, AT_FDCWD, "/", 0));
}

/* Invalid descriptors: EBADF when allowed. */
static long try_fsmount(const char *arg)
{
	return close_result(syscall(SYS_fsmount, -1, 0, 0));
}

static long try_fsconfig(const char *arg)
{
	return neg_errno(
		syscall(SYS_fsconfig, -1, FSCONFIG_CMD_CREATE, NULL, NULL, 0));
}

static long try_move_mount(const char *arg)
{
	return neg_errno(syscall(SYS_move_mount, -1, "", -1, "", 0));
}

/* An empty change set: does nothing when allowed. */
static long try_mount_setattr(const char *arg)
{
	uint64_t attr[4] = {0};

	return neg_errno(syscall(SYS_mount_setattr, AT_FDCWD, "/", 0, attr,
				 sizeof(attr)));
}

/* Any number with zero arguments: the caller chooses a harmless one. */
static long try_nr(const char *arg)
{
	if (!arg)
		return -EINVAL;
	return neg_errno(syscall(strtol(arg, NULL, 0), 0, 0, 0, 0, 0, 0));
}

static const struct syscall_probe syscall_probes[] = {
	{"getpid", try_getpid},
	{"mount", try_mount},
	{"umount2", try_umount2},
	{"pivot_root", try_pivot_root},
	{"chroot", try_chroot},
	{"unshare-user", try_unshare_user},
	{"unshare-mount", try_unshare_mount},
	{"unshare-net", try_unshare_net},
	{"unshare-pid", try_unshare_pid},
	{"unshare-ipc", try_unshare_ipc},
	{"unshare-uts", try_unshare_uts},
	{"unshare-cgroup", try_unshare_cgroup},
	{"clone-newuser", try_clone_newuser},
	{"clone3", try_clone3},
	{"clone3-newuser", try_clone3_newuser},
	{"setns", try_setns},
	{"keyctl", try_keyctl},
	{"add_key", try_add_key},
	{"request_key", try_request_key},
	{"bpf", try_bpf},
	{"perf_event_open", try_perf_event_open},
	{"userfaultfd", try_userfaultfd},
	{"open_by_handle_at", try_open_by_handle_at},
	{"name_to_handle_at", try_name_to_handle_at},
	{"iopl", try_iopl},
	{"ioperm", try_ioperm},
	{"swapon", try_swapon},
	{"reboot", try_reboot},
	{"kexec_load", try_kexec_load},
	{"init_module", try_init_module},
	{"acct", try_acct},
	{"settimeofday", try_settimeofday},
	{"sethostname", try_sethostname},
	{"personality", try_personality},
	{"ptrace-attach", try_ptrace_attach},
	{"mknod-block", try_mknod_block},
	{"x32", try_x32},
	{"ioctl-tiocsti", try_ioctl_tiocsti},
	{"ioctl-tiocsti-hibits", try_ioctl_tiocsti_hibits},
	{"fsopen", try_fsopen},
	{"fsmount", try_fsmount},
	{"fsconfig", try_fsconfig},
	{"fspick", try_fspick},
	{"open_tree", try_open_tree},
	{"move_mount", try_move_mount},
	{"mount_setattr", try_mount_setattr},
	{"nr", try_nr},
};

static int cmd_syscall(int argc, char **argv)
{
	for (size_t i = 0; i < SW_ARRAY_SIZE(syscall_probes); i++)
		if (sw_streq(argv[0], syscall_probes[i].name))
			return report(syscall_probes[i].run(argv[1]));
	fprintf(stderr, "probe: unknown syscall probe '%s'\n", argv[0]);
	return EXIT_USAGE;
}

/* --- main ---------------------------------------------------------------- */

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{"write", "PATH", 1, 1, cmd_write},
	{"append", "PATH TEXT", 2, 2, cmd_append},
	{"read", "PATH", 1, 1, cmd_read},
	{"touch", "PATH", 1, 1, cmd_touch},
	{"mkdir", "PATH", 1, 1, cmd_mkdir},
	{"mknod", "PATH b|c MAJOR MINOR", 4, 4, cmd_mknod},
	{"mkfifo", "PATH", 1, 1, cmd_mkfifo},
	{"exists", "PATH", 1, 1, cmd_exists},
	{"stat", "PATH", 1, 1, cmd_stat},
	{"ls", "PATH", 1, 1, cmd_ls},
	{"readlink", "PATH", 1, 1, cmd_readlink},
	{"mount-flags", "PATH", 1, 1, cmd_mount_flags},
	{"mounts-under", "PATH", 1, 1, cmd_mounts_under},
	{"all-ro-under", "PATH", 1, 1, cmd_all_ro_under},
	{"status", "FIELD...", 1, -1, cmd_status},
	{"id", "", 0, 0, cmd_id},
	{"pid", "", 0, 0, cmd_pid},
	{"hostname", "", 0, 0, cmd_hostname},
	{"cwd", "", 0, 0, cmd_cwd},
	{"fds", "", 0, 0, cmd_fds},
	{"fd-links", "", 0, 0, cmd_fd_links},
	{"env", "", 0, 0, cmd_env},
	{"syscall", "NAME [ARG]", 1, 2, cmd_syscall},
	{"sleep-trap", "FILE", 1, 1, cmd_sleep_trap},
	{"bind-port", "PORT", 1, 1, cmd_bind_port},
	{"connect-unix", "PATH", 1, 1, cmd_connect_unix},
	{"exe-scan", "[SECONDS]", 0, 1, cmd_exe_scan},
	{"help", "", 0, 0, cmd_help},
};

static int cmd_help(int argc, char **argv)
{
	printf("usage: probe COMMAND [ARGS...]\n");
	for (size_t i = 0; i < SW_ARRAY_SIZE(commands); i++)
		printf("  %s%s%s\n", commands[i].name,
		       *commands[i].args ? " " : "", commands[i].args);
	printf("syscall probes:");
	for (size_t i = 0; i < SW_ARRAY_SIZE(syscall_probes); i++)
		printf(" %s", syscall_probes[i].name);
	printf("\n");
	return EXIT_SUCCESS;
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < SW_ARRAY_SIZE(commands); i++)
		if (sw_streq(name, commands[i].name))
			return &commands[i];
	return NULL;
}

static void install_sigsys_handler(void)
{
	struct sigaction sa = {.sa_handler = on_sigsys};

	sigemptyset(&sa.sa_mask);
	sigaction(SIGSYS, &sa, NULL);
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	int nargs = argc - 2;

	if (argc < 2 || !(cmd = find_command(argv[1]))) {
		fprintf(stderr, "probe: unknown command; try 'probe help'\n");
		return EXIT_USAGE;
	}
	if (nargs < cmd->min_args ||
	    (cmd->max_args >= 0 && nargs > cmd->max_args)) {
		fprintf(stderr, "usage: probe %s %s\n", cmd->name, cmd->args);
		return EXIT_USAGE;
	}
	install_sigsys_handler();
	return cmd->run(nargs, argv + 2);
}
