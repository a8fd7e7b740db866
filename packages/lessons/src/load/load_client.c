#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

/* One of the clients: connect, send, read the echo, close. */
int main(void)
{
    char message[] = "hello, socklab";
    char buff[64];
    int sock = socket(PF_INET, SOCK_STREAM, 0);
    if (sock == -1) { perror("socket"); exit(1); }

    struct sockaddr_in server_addr;
    memset(&server_addr, 0, sizeof(server_addr));
    server_addr.sin_family = AF_INET;
    server_addr.sin_port = htons(4000);
    server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(sock, (struct sockaddr *)&server_addr, sizeof(server_addr)) == -1) { perror("connect"); exit(1); }
    if (write(sock, message, strlen(message)) == -1) { perror("write"); exit(1); }
    if (read(sock, buff, strlen(message)) == -1) { perror("read"); exit(1); }
    close(sock);
    return 0;
}
