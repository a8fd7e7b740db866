#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <errno.h>

int main(void)
{
    int sock, err, str_len;
    socklen_t len = sizeof(err);
    struct sockaddr_in serv_addr;
    char buff[1024];

    memset(&serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_port = htons(4000);
    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");

    sock = socket(PF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)) && errno == EINPROGRESS)
        printf("connecting...\n");          /* the handshake goes on without us */
    /* ... when poll() says the socket is writable: */
    getsockopt(sock, SOL_SOCKET, SO_ERROR, &err, &len);      /* err 0: connected */

    write(sock, "ping", 4);
    str_len = read(sock, buff, sizeof(buff));                /* -1, EAGAIN: no answer yet */
    /* ... later, when poll() says readable: */
    str_len = read(sock, buff, sizeof(buff));
    printf("%.*s\n", str_len, buff);
    close(sock);

    /* once more, after the server has gone */
    sock = socket(PF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr));   /* -1, EINPROGRESS */
    getsockopt(sock, SOL_SOCKET, SO_ERROR, &err, &len);      /* err ECONNREFUSED */
    getsockopt(sock, SOL_SOCKET, SO_ERROR, &err, &len);      /* err 0: reading it cleared it */
    close(sock);
    return 0;
}
